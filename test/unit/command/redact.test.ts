import { describe, expect, it } from 'vitest';
import {
  isSecretName,
  mapStrings,
  redactCommand,
  redactLine,
  safeLine,
  xrunLine,
} from '../../../src/command/redact.js';
import { models } from '../../../src/model/tools/index.js';
import { retryLine } from '../../../src/run/messages.js';

describe('redactCommand: the value goes, the name or flag stays', () => {
  it.each([
    // bare NAME=value words (docker run -e, env)
    [
      ['docker', 'run', '-e', 'TOKEN=x', 'img'],
      ['docker', 'run', '-e', 'TOKEN=***', 'img'],
    ],
    [
      ['env', 'PASSWORD=x', 'SECRET=x', 'API_KEY=x', 'make'],
      ['env', 'PASSWORD=***', 'SECRET=***', 'API_KEY=***', 'make'],
    ],
    [
      ['env', 'GITHUB_TOKEN=ghp_x', 'NPM_API_KEY=k', 'PATH=/bin', 'make'],
      ['env', 'GITHUB_TOKEN=***', 'NPM_API_KEY=***', 'PATH=/bin', 'make'],
    ],
    [
      ['env', 'AWS_SECRET_ACCESS_KEY=x', 'DB_PASS=x', 'MYSQL_PWD=x', 'PRIVATE_KEY=x', 'make'],
      ['env', 'AWS_SECRET_ACCESS_KEY=***', 'DB_PASS=***', 'MYSQL_PWD=***', 'PRIVATE_KEY=***', 'make'],
    ],
    // the command itself an assignment (what the shell would have taken as one)
    [
      ['GITHUB_TOKEN=x', 'make'],
      ['GITHUB_TOKEN=***', 'make'],
    ],
    // attached forms
    [
      ['docker', 'run', '-eX_TOKEN=x', '-eAPI_KEY=x', '--env=X_TOKEN=x', 'img'],
      ['docker', 'run', '-eX_TOKEN=***', '-eAPI_KEY=***', '--env=X_TOKEN=***', 'img'],
    ],
    [
      ['docker', 'build', '--build-arg=NPM_TOKEN=x', '--build-arg', 'NPM_TOKEN=x', '.'],
      ['docker', 'build', '--build-arg=NPM_TOKEN=***', '--build-arg', 'NPM_TOKEN=***', '.'],
    ],
    [
      ['mvn', '-Dmaven.repo.password=x', 'deploy'],
      ['mvn', '-Dmaven.repo.password=***', 'deploy'],
    ],
    // a value with spaces goes whole
    [
      ['env', 'PASSWORD=correct horse', 'make'],
      ['env', 'PASSWORD=***', 'make'],
    ],
    // URL passwords anywhere in a word, holding / or @
    [
      ['git', 'clone', 'https://user:hunter2@example.com/r.git'],
      ['git', 'clone', 'https://user:***@example.com/r.git'],
    ],
    [
      ['tool', '--url=https://u:x@h/p'],
      ['tool', '--url=https://u:***@h/p'],
    ],
    [
      ['env', 'DATABASE_URL=postgres://u:x@h:5432/db', 'app'],
      ['env', 'DATABASE_URL=postgres://u:***@h:5432/db', 'app'],
    ],
    [
      ['git', 'clone', 'https://u:x/y@h/r', 'https://u:x@y@h/r', 'https://u:a/b@c@h/r'],
      ['git', 'clone', 'https://u:***@h/r', 'https://u:***@h/r', 'https://u:***@h/r'],
    ],
    [
      ['psql', 'postgresql://u:x@[::1]:5432/db'],
      ['psql', 'postgresql://u:***@[::1]:5432/db'],
    ],
    // a lone user name is a token (GitHub takes one there)
    [
      ['git', 'clone', 'https://x@github.com/org/repo.git'],
      ['git', 'clone', 'https://***@github.com/org/repo.git'],
    ],
    [
      ['curl', 'https://h/api?a=1&token=x'],
      ['curl', 'https://h/api?a=1&token=***'],
    ],
    // long options named for a secret, --opt x and --opt=x
    [
      ['deploy', '--token', 'abc', '--token=def', '--name', 'x'],
      ['deploy', '--token', '***', '--token=***', '--name', 'x'],
    ],
    [
      [
        'cli',
        '--password=p',
        '--db-password',
        'q',
        '--api-key',
        'k',
        '--apikey=k2',
        '--client-secret',
        's',
        '--auth-token=t',
      ],
      [
        'cli',
        '--password=***',
        '--db-password',
        '***',
        '--api-key',
        '***',
        '--apikey=***',
        '--client-secret',
        '***',
        '--auth-token=***',
      ],
    ],
    // registry logins: -p, -pX, --password x, --password=x
    [
      ['docker', 'login', '-u', 'me', '-p', 'x', 'ghcr.io'],
      ['docker', 'login', '-u', 'me', '-p', '***', 'ghcr.io'],
    ],
    [
      ['podman', 'login', '-px', 'quay.io'],
      ['podman', 'login', '-p***', 'quay.io'],
    ],
    [
      ['docker', 'login', '--password', 'x'],
      ['docker', 'login', '--password', '***'],
    ],
    [
      ['docker', 'login', '--password=x'],
      ['docker', 'login', '--password=***'],
    ],
    [
      ['helm', 'registry', 'login', '-p', 'x', 'r'],
      ['helm', 'registry', 'login', '-p', '***', 'r'],
    ],
    // MySQL/MariaDB clients and sshpass: -p is a password (sudo's own -p is its prompt)
    [
      ['mysql', '-pS3cret', '-u', 'root'],
      ['mysql', '-p***', '-u', 'root'],
    ],
    [
      ['env', 'A=1', 'mysqldump', '-p', 'S3cret', 'db'],
      ['env', 'A=1', 'mysqldump', '-p', '***', 'db'],
    ],
    [
      ['sshpass', '-p', 'pw', 'ssh', 'host'],
      ['sshpass', '-p', '***', 'ssh', 'host'],
    ],
    [
      ['sudo', '-p', 'prompt:', 'mysql', '-px'],
      ['sudo', '-p', 'prompt:', 'mysql', '-p***'],
    ],
    // curl's user:password
    [
      ['curl', '-u', 'user:x', 'https://h'],
      ['curl', '-u', 'user:***', 'https://h'],
    ],
    [
      ['curl', '-uuser:x', '--user=user:x', '--proxy-user', 'p:x', 'https://h'],
      ['curl', '-uuser:***', '--user=user:***', '--proxy-user', 'p:***', 'https://h'],
    ],
    // credential headers: the scheme stays
    [
      ['curl', '-H', 'Authorization: Bearer x', 'https://h'],
      ['curl', '-H', 'Authorization: Bearer ***', 'https://h'],
    ],
    [
      ['curl', '-H', 'Authorization: Basic x', '-H', 'authorization: token x', '-H', 'Authorization:x'],
      ['curl', '-H', 'Authorization: Basic ***', '-H', 'authorization: token ***', '-H', 'Authorization:***'],
    ],
    [
      [
        'curl',
        '-H',
        'X-Api-Key: x',
        '--header=Private-Token: x',
        '-HX-Auth-Token: x',
        '-H',
        'Proxy-Authorization: Digest a=b, c=d',
      ],
      [
        'curl',
        '-H',
        'X-Api-Key: ***',
        '--header=Private-Token: ***',
        '-HX-Auth-Token: ***',
        '-H',
        'Proxy-Authorization: Digest ***',
      ],
    ],
    [
      ['curl', '-H', 'Authorization: Weird x y'],
      ['curl', '-H', 'Authorization: ***'],
    ],
    // npm's registry token
    [
      ['npm', 'config', 'set', '//registry/:_authToken=x'],
      ['npm', 'config', 'set', '//registry/:_authToken=***'],
    ],
    [
      ['npm', 'config', 'set', '//registry.npmjs.org/:_auth=x'],
      ['npm', 'config', 'set', '//registry.npmjs.org/:_auth=***'],
    ],
    // options named for a secret in any spelling: --opt V, --opt=V, --opt:V, -opt V, -opt=V, /opt:V
    [
      [
        'tool',
        '--password:a',
        '-token',
        'b',
        '-token=c',
        '-Token:d',
        '/password:e',
        '--oauth2-bearer',
        'f',
        '-ApiKey',
        'g',
      ],
      [
        'tool',
        '--password:***',
        '-token',
        '***',
        '-token=***',
        '-Token:***',
        '/password:***',
        '--oauth2-bearer',
        '***',
        '-ApiKey',
        '***',
      ],
    ],
    // the programs' own short options (docs/report.md: the table)
    [
      ['redis-cli', '-h', 'h', '-a', 'x', 'ping'],
      ['redis-cli', '-h', 'h', '-a', '***', 'ping'],
    ],
    [
      ['twine', 'upload', '-u', '__token__', '-p', 'x', 'dist/*'],
      ['twine', 'upload', '-u', '__token__', '-p', '***', 'dist/*'],
    ],
    [
      ['python3', '-m', 'twine', 'upload', '-px', 'dist/*'],
      ['python3', '-m', 'twine', 'upload', '-p***', 'dist/*'],
    ],
    [
      ['mongosh', '-u', 'u', '-p', 'x', 'sqlcmd', '-P', 'x'],
      ['mongosh', '-u', 'u', '-p', '***', 'sqlcmd', '-P', 'x'],
    ],
    [
      ['sqlcmd', '-S', 'h', '-U', 'sa', '-P', 'x'],
      ['sqlcmd', '-S', 'h', '-U', 'sa', '-P', '***'],
    ],
    [
      ['ldapsearch', '-D', 'cn=admin', '-w', 'x', '-wy'],
      ['ldapsearch', '-D', 'cn=admin', '-w', '***', '-w***'],
    ],
    [
      ['openssl', 'enc', '-k', 'x', '-pass', 'pass:y', '-passin', 'pass:z', '-key', 'k.pem', '-kfile', 'f'],
      ['openssl', 'enc', '-k', '***', '-pass', '***', '-passin', '***', '-key', 'k.pem', '-kfile', 'f'],
    ],
    [
      ['keytool', '-importcert', '-storepass', 'x', '-keypass', 'y', '-alias', 'a'],
      ['keytool', '-importcert', '-storepass', '***', '-keypass', '***', '-alias', 'a'],
    ],
    [
      ['zip', '-P', 'x', 'a.zip', 'f', '7z', 'a', '-py', 'b.7z'],
      ['zip', '-P', '***', 'a.zip', 'f', '7z', 'a', '-py', 'b.7z'],
    ],
    [
      ['7z', 'a', '-px', '-p', 'b.7z'],
      ['7z', 'a', '-p***', '-p', 'b.7z'],
    ],
    [
      ['dotnet', 'nuget', 'push', 'p.nupkg', '-k', 'x', '-s', 'src'],
      ['dotnet', 'nuget', 'push', 'p.nupkg', '-k', '***', '-s', 'src'],
    ],
    [
      ['cargo', 'login', 'x'],
      ['cargo', 'login', '***'],
    ],
    // JSON members named for a secret, inside a word: the JSON stays JSON
    [
      ['curl', '-d', '{"user":"me","password":"x","nested":{"api_key":"y\\"z"}}', 'https://h'],
      ['curl', '-d', '{"user":"me","password":"***","nested":{"api_key":"***"}}', 'https://h'],
    ],
    // a shell string is read as words (each command of a && b on its own)
    [
      ['sh', '-c', 'curl -H "Authorization: Bearer x" -u me:x https://u:x@h/p && docker login -p x r; TOKEN=x make'],
      [
        'sh',
        '-c',
        'curl -H "Authorization: Bearer ***" -u me:*** https://u:***@h/p && docker login -p *** r; TOKEN=*** make',
      ],
    ],
  ])('%j', (command, expected) => {
    expect(redactCommand(command)).toEqual(expected);
  });
});

describe('redactCommand leaves alone what holds no secret', () => {
  it.each([
    [['mkdir', '-p', 'a/b']],
    [['mkdir', '-pv', 'x']],
    [['docker', 'run', '-p', '8080:80', '-u', '1000:1000', '--user', '0:0', 'img']],
    [['docker', 'login', '--password-stdin', '-u', 'me']],
    [
      [
        'docker',
        'run',
        '-e',
        'TOKENS_DIR=/x',
        '-e',
        'KEY_FILE=/k',
        '-e',
        'PASSWORD_FILE=/p',
        '-e',
        'AWS_ACCESS_KEY_ID=AKIA',
        'img',
      ],
    ],
    [['env', 'PWD=/home/me', 'CACHE_KEY=abc', 'GIT_ASKPASS=/bin/askpass', 'SSH_AUTH_SOCK=/tmp/s', 'make']],
    [['curl', '-H', 'Accept: json', '-H', 'Content-Type: application/json', '-u', 'user', 'https://github.com/x']],
    [['git', 'clone', 'git@github.com:org/repo']],
    [['git', 'clone', 'ssh://git@github.com/org/repo']],
    [['git', 'clone', 'https://github.com/x']],
    [
      [
        'pip',
        'install',
        'git+https://github.com/org/repo@v1.2',
        'https://registry.npmjs.org/@scope%2fpkg',
        'https://h:8080/a@b',
      ],
    ],
    [['env', 'FOO=', 'TOKEN=', 'make']],
    [['buck2', 'build', '--no-token', '//x:y', '--auth', 'basic']],
    [['sh', '-c', 'buck2 build >&2 || exit $?; printf "out\\n"']],
    [['bazel', 'build', '//...', '--config=ci', '--define=KEY=value']],
    // -a, -p, -P, -k, -w elsewhere: not a password
    [['docker', 'run', '-a', 'stdout', '-p', '80:80', '-w', '/src', 'img']],
    [['ssh', '-p', '22', 'h']],
    [['scp', '-P', '22', 'a', 'h:']],
    [['curl', '-k', 'https://h']],
    [['grep', '-w', 'x']],
    [['redis-cli', '-p', '6379', '-n', '2']],
    [['openssl', 'req', '-key', 'k.pem']],
    [['tar', '-xzf', 'a.tgz', '-no-password', '-auth', 'none', '-pass-file', 'f']],
    [['curl', '-d', '{"user":"me","token_file":"/t","password":""}', 'https://h']],
  ])('%j', (command) => {
    expect(redactCommand(command)).toEqual(command);
  });
});

// Where the line is: the name's last word decides. A name for where a secret lives (a file, a directory)
// is not a secret; the secret words themselves are, also inside camelCase and npm's _authToken.
describe('isSecretName', () => {
  it.each([
    ['TOKEN', true],
    ['GITHUB_TOKEN', true],
    ['X_TOKEN', true],
    ['_authToken', true],
    ['_auth', true],
    ['apiKey', true],
    ['PASSWORD', true],
    ['PGPASSWORD', true],
    ['DB_PASS', true],
    ['MYSQL_PWD', true],
    ['SECRET', true],
    ['CLIENT_SECRET', true],
    ['API_KEY', true],
    ['PRIVATE_KEY', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['X-Api-Key', true],
    ['Authorization', true],
    ['Cookie', true],
    ['TOKENS_DIR', false],
    ['KEY_FILE', false],
    ['PASSWORD_FILE', false],
    ['TOKEN_PATH', false],
    ['password-stdin', false],
    ['PWD', false],
    ['OLDPWD', false],
    ['CACHE_KEY', false],
    ['KEY', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['GIT_ASKPASS', false],
    ['Accept', false],
    ['PATH', false],
  ])('%s: %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe("redactLine: xrun's own lines", () => {
  it.each([
    ['xrun: GITHUB_TOKEN=x: command not found', 'xrun: GITHUB_TOKEN=***: command not found'],
    [
      'xrun: internal error: Command failed: docker login -p x --token=y, https://u:z@h.',
      'xrun: internal error: Command failed: docker login -p *** --token=***, https://u:***@h.',
    ],
    ['xrun: --report: cannot write /tmp/r.json (EACCES)', 'xrun: --report: cannot write /tmp/r.json (EACCES)'],
    ["curl -H 'Authorization: Bearer x' 'https://u:y@h'", "curl -H 'Authorization: Bearer ***' 'https://u:***@h'"],
    ['invalid token: x', 'invalid token: ***'],
    ["got 'TOKEN=x'", "got 'TOKEN=***'"],
    // the six a tool's report leaked (bazel's failureDetail.message)
    [
      'fetch https://u:a@h/x failed; Bearer b; GITHUB_TOKEN=c --password d _authToken=e Authorization: f',
      'fetch https://u:***@h/x failed; Bearer ***; GITHUB_TOKEN=*** --password *** _authToken=*** Authorization: ***',
    ],
    ['bearer token x, BEARER y', 'bearer token ***, BEARER ***'],
    // ~/.aws/credentials, YAML, JSON as text
    ['aws_secret_access_key = x', 'aws_secret_access_key = ***'],
    ['password: x token:"y"', 'password: *** token:"***"'],
    ['{"token": "x", "user": "me"}', '{"token": "***", "user": "me"}'],
    ['[{"client_secret": "x"}]', '[{"client_secret": "***"}]'],
    // a nested URL in another's query, many NAME= in one word
    ['https://h/login?next=https://u:x@h2/p', 'https://h/login?next=https://u:***@h2/p'],
    ['A=B=C=TOKEN=x', 'A=B=C=TOKEN=***'],
  ])('%s', (line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });

  it("leaves every model's retry line as it is", () => {
    for (const model of Object.values(models)) {
      for (const c of [...model.codes, ...model.rules, model.otherCodes]) {
        const classification = { ...c, normalizedCode: 1, rawCode: 1 } as unknown as Parameters<typeof retryLine>[2];
        const line = `${model.tool} exited 1 (${c.name}: ${c.meaning}); attempt 2 of 5 in 1.3s`;
        expect(redactLine(line)).toBe(line);
        expect(retryLine(model.tool, { kind: 'exited', code: 1 }, classification, 2, 5, 1300)).toBe(`xrun: ${line}`);
      }
    }
  });
});

describe('safeLine: one line, redacted, its control characters shown', () => {
  it.each([
    ['nosuch\n::error::INJECTED: command not found', 'nosuch\\n::error::INJECTED: command not found'],
    ['a\r\nb\tc', 'a\\r\\nb\\tc'],
    [
      '\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]8;;https://evil\x1b\\link',
      '\\x1b[31mred\\x1b[0m \\x1b]0;title\\x07 \\x1b]8;;https://evil\\x1b\\link',
    ],
    ['C1 \u009b31m DEL \u007f NUL \u0000', 'C1 \\x9b31m DEL \\x7f NUL \\x00'],
    [
      'line\u2028sep para\u2029sep bidi\u202eevil\u2066x\u2069',
      'line\\u2028sep para\\u2029sep bidi\\u202eevil\\u2066x\\u2069',
    ],
    // a secret split from its name by a line break is still the name's
    ['GITHUB_TOKEN=x\n--password\ny', 'GITHUB_TOKEN=***\\n--password\\n***'],
    // ordinary text, a Windows path, a backslash: as they are
    ['C:\\Users\\me\\build.log: exit 1 — ünïcödé ✓', 'C:\\Users\\me\\build.log: exit 1 — ünïcödé ✓'],
  ])('%j', (text, expected) => {
    expect(safeLine(text)).toBe(expected);
    expect(xrunLine(text)).toBe(`xrun: ${expected}`);
  });

  it('is the same when applied again (an annotation makes an xrun line safe once more)', () => {
    const texts = [
      'fetch https://u:a@h/x Bearer b GITHUB_TOKEN=c --password d _authToken=e Authorization: Basic f',
      'TOKEN=\'x\' "token": "y", {"password":"z"} -p*** mysql -px curl -u me:x',
      'a\nb\x1b[31m ghp_0123456789abcdefghij0123456789abcdef AKIAIOSFODNN7EXAMPLE',
      'docker login -p *** r; PASSWORD=*** make && https://***@github.com/o/r',
    ];
    for (const text of texts) expect(safeLine(safeLine(text))).toBe(safeLine(text));
  });

  it('the redacted command, its words redacted again as lines, is unchanged (the report redacts every string)', () => {
    const commands = [
      ['env', 'GITHUB_TOKEN=x', 'docker', 'login', '-u', 'me', '-p', 'x', 'r'],
      ['curl', '-H', 'Authorization: Bearer x', '-u', 'me:x', 'https://u:x@h/p', '-d', '{"password":"x"}'],
      ['sh', '-c', 'curl -H "Authorization: Bearer x" https://u:x@h && TOKEN=x make'],
      ['mysql', '-px', 'redis-cli', '-a', 'x', 'PASSWORD=correct horse'],
    ];
    for (const command of commands) {
      const redacted = redactCommand(command);
      expect(redacted.map((word) => redactLine(word))).toEqual(redacted);
    }
  });
});

// Redaction runs on every line xrun prints: hostile text of any length costs time in proportion to
// it (each of these took tens of seconds, or overflowed the stack, with backtracking or recursion).
describe('redaction is linear in the text', () => {
  const size = 200_000;
  const hostile = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  it.each([
    ['a run of letters (a URL scheme that never comes)', hostile('a')],
    ['many @ after a scheme', `https://${hostile('a@!')}`],
    ['many schemes, none with a password', hostile('a://@!')],
    ['NAME= after NAME=', hostile('A=')],
    ['JWT-like parts that never get their dots', hostile('eyJ_')],
    ['JSON members that never close', hostile('"a":"')],
    ['trailing punctuation', `TOKEN=${hostile(')')}x`],
    ['one word after another', hostile('x ')],
  ])('%s', (_what, text) => {
    const started = performance.now();
    safeLine(text);
    redactCommand([text, text]);
    // a wide bound: the linear scans take well under a second here, the old ones minutes
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('mapStrings', () => {
  it('maps every string of arrays and plain objects, at any depth; other values stay', () => {
    const pattern = /a (regex) object/;
    const value = { a: 'x', b: [1, 'y', { c: 'z', d: null }], e: true, f: pattern, g: new Date(0) };
    const mapped = mapStrings(value, (text) => text.toUpperCase());
    expect(mapped).toEqual({ a: 'X', b: [1, 'Y', { c: 'Z', d: null }], e: true, f: pattern, g: new Date(0) });
    expect(mapped.f).toBe(pattern);
    expect(value.a).toBe('x');
  });
});
