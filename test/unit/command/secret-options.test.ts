import { describe, expect, it } from 'vitest';
import { type OptionReading, ProgramOptions } from '../../../src/command/secret-options.js';

// What each word says, read in order by one ProgramOptions of `program`.
function readAll(program: string, words: readonly string[]): (OptionReading | undefined)[] {
  const options = new ProgramOptions(program);
  return words.map((w) => options.read(w));
}

describe('ProgramOptions: short options (-p VALUE or -pVALUE)', () => {
  it('mysql -p: the next word is pending, -pX holds X after the prefix', () => {
    expect(readAll('mysql', ['-u', 'root', '-p', 'pw', '-psecret'])).toEqual([
      undefined,
      undefined,
      { pending: 'secret' },
      undefined,
      { prefix: '-p', value: 'secret', kind: 'secret' },
    ]);
  });

  it('ldapsearch -w (not -p) is the password', () => {
    expect(readAll('ldapsearch', ['-w', '-wX', '-p', '-pX'])).toEqual([
      { pending: 'secret' },
      { prefix: '-w', value: 'X', kind: 'secret' },
      undefined,
      undefined,
    ]);
  });

  it('an attached value of one character is read; the bare option is not an attached one', () => {
    expect(readAll('mariadb-dump', ['-pX'])).toEqual([{ prefix: '-p', value: 'X', kind: 'secret' }]);
  });
});

describe('ProgramOptions: attached-only options (7z -pX)', () => {
  it.each(['7z', '7za', '7zz', 'rar', 'unrar'])('%s: -p alone asks for the password, -pX holds it', (program) => {
    expect(readAll(program, ['-p', 'archive.7z', '-phunter2'])).toEqual([
      undefined,
      undefined,
      { prefix: '-p', value: 'hunter2', kind: 'secret' },
    ]);
  });
});

describe('ProgramOptions: next-word-only options', () => {
  it.each([
    ['redis-cli', '-a'],
    ['mongo', '-p'],
    ['mongosh', '-p'],
    ['sqlcmd', '-P'],
    ['zip', '-P'],
    ['unzip', '-P'],
    ['openssl', '-passin'],
    ['openssl', '-k'],
    ['keytool', '-storepass'],
    ['keytool', '-new'],
    ['jarsigner', '-keypass'],
  ])('%s %s: the next word is pending, an attached form is nothing', (program, option) => {
    expect(readAll(program, [option, `${option}X`])).toEqual([{ pending: 'secret' }, undefined]);
  });

  it('option names are case-sensitive: zip -p is not zip -P', () => {
    expect(readAll('zip', ['-p'])).toEqual([undefined]);
  });
});

describe('ProgramOptions: curl credentials (user:password)', () => {
  it('-u, --user, -U, --proxy-user leave the next word pending as credentials', () => {
    expect(readAll('curl', ['-u', '--user', '-U', '--proxy-user'])).toEqual([
      { pending: 'credentials' },
      { pending: 'credentials' },
      { pending: 'credentials' },
      { pending: 'credentials' },
    ]);
  });

  it('attached: -uX after -u, --user=X after --user=', () => {
    expect(readAll('curl', ['-ualice:pw', '--user=bob:pw', '-Uproxy:pw', '--proxy-user=p:q'])).toEqual([
      { prefix: '-u', value: 'alice:pw', kind: 'credentials' },
      { prefix: '--user=', value: 'bob:pw', kind: 'credentials' },
      { prefix: '-U', value: 'proxy:pw', kind: 'credentials' },
      { prefix: '--proxy-user=', value: 'p:q', kind: 'credentials' },
    ]);
  });

  it('a long option without "=" is not an attached value (--userx), nor is -p of curl', () => {
    expect(readAll('curl', ['--userx', '--user', '-p', '-pX', 'https://example.com'])).toEqual([
      undefined,
      { pending: 'credentials' },
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('ProgramOptions: login tokens (cargo login TOKEN)', () => {
  it('the first non-option word after login is the token, once', () => {
    expect(readAll('cargo', ['login', '--quiet', 'tok', 'more'])).toEqual([
      undefined,
      undefined,
      { prefix: '', value: 'tok', kind: 'secret' },
      undefined,
    ]);
  });

  it('vault login TOKEN', () => {
    expect(readAll('vault', ['login', 's.abc'])).toEqual([undefined, { prefix: '', value: 's.abc', kind: 'secret' }]);
  });

  it('no token without `login` first', () => {
    expect(readAll('cargo', ['publish', 'tok'])).toEqual([undefined, undefined]);
  });

  it('`login` does not make a token of another program (git login x)', () => {
    expect(readAll('git', ['login', 'x'])).toEqual([undefined, undefined]);
  });
});

describe('ProgramOptions: words of the program that turn options on', () => {
  it('docker login -p: -p is a password only after `login`', () => {
    expect(readAll('docker', ['-p', 'login', '-p', 'pw', '-pX'])).toEqual([
      undefined,
      undefined,
      { pending: 'secret' },
      undefined,
      { prefix: '-p', value: 'X', kind: 'secret' },
    ]);
  });

  it('docker run -p 80:80 is a port', () => {
    expect(readAll('docker', ['run', '-p', '80:80'])).toEqual([undefined, undefined, undefined]);
  });

  it('python -m twine upload -p', () => {
    expect(readAll('python', ['-m', 'twine', 'upload', '-p', 'pw'])).toEqual([
      undefined,
      undefined,
      undefined,
      { pending: 'secret' },
      undefined,
    ]);
  });

  it('dotnet nuget push -k KEY; -k before `nuget` is nothing', () => {
    expect(readAll('dotnet', ['-k', 'nuget', 'push', '-k', 'KEY'])).toEqual([
      undefined,
      undefined,
      undefined,
      { pending: 'secret' },
      undefined,
    ]);
  });

  it('the word itself is read before it turns its options on (`login` is no token of vault login login)', () => {
    expect(readAll('vault', ['login', 'login'])).toEqual([undefined, { prefix: '', value: 'login', kind: 'secret' }]);
  });
});

describe('ProgramOptions: unknown programs and names of Object.prototype', () => {
  it.each(['mkdir', 'ssh', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '%s: -p and its attached forms are nothing',
    (program) => {
      expect(readAll(program, ['-p', '-pX', '-w', 'x'])).toEqual([undefined, undefined, undefined, undefined]);
    },
  );

  it('a word named like a prototype property turns nothing on', () => {
    expect(readAll('tool', ['constructor', '__proto__', 'toString', '-p'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
