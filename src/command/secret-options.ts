// What a word says of the words after it: the next is a secret, curl's user:password, a header's value.
export type Pending = 'secret' | 'credentials' | 'header-value';

// A program's options whose value is a secret, where the program (or an earlier word of its own,
// `login`) makes it so: elsewhere -p is a port or "parents" (docker run -p, mkdir -p), -a "all", -P a
// port (ssh -P), -w a width. docs/report.md lists this table.
interface SecretOptions {
  // short options (getopt's) whose value is a password: the next word, or attached (-pX)
  short?: readonly string[];
  // the same, only attached: -pX (alone, -p asks for the password and the next word is not one)
  attachedOnly?: readonly string[];
  // options whose next word only is a secret (redis-cli -a, keytool -storepass, openssl -passin pass:x)
  next?: readonly string[];
  // options whose value is user:password (curl -u); a lone user name stays
  credentials?: readonly string[];
  // the first word after `login` that is not an option is a token (cargo login TOKEN)
  loginToken?: boolean;
}

const PASSWORD_P: SecretOptions = { short: ['-p'] };
const NEXT_P: SecretOptions = { next: ['-p'] };
const LDAP: SecretOptions = { short: ['-w'] };

// By the program's basename.
const BY_PROGRAM: Readonly<Record<string, SecretOptions>> = {
  mysql: PASSWORD_P,
  mysqldump: PASSWORD_P,
  mysqladmin: PASSWORD_P,
  mysqlimport: PASSWORD_P,
  mysqlshow: PASSWORD_P,
  mysqlcheck: PASSWORD_P,
  mariadb: PASSWORD_P,
  'mariadb-dump': PASSWORD_P,
  'mariadb-admin': PASSWORD_P,
  sshpass: PASSWORD_P,
  twine: PASSWORD_P,
  mongo: NEXT_P,
  mongosh: NEXT_P,
  mongodump: NEXT_P,
  mongorestore: NEXT_P,
  'redis-cli': { next: ['-a'] },
  sqlcmd: { next: ['-P'] },
  zip: { next: ['-P'] },
  unzip: { next: ['-P'] },
  '7z': { attachedOnly: ['-p'] },
  '7za': { attachedOnly: ['-p'] },
  '7zz': { attachedOnly: ['-p'] },
  rar: { attachedOnly: ['-p'] },
  unrar: { attachedOnly: ['-p'] },
  ldapsearch: LDAP,
  ldapadd: LDAP,
  ldapmodify: LDAP,
  ldapdelete: LDAP,
  ldapwhoami: LDAP,
  ldappasswd: LDAP,
  ldapcompare: LDAP,
  ldapmodrdn: LDAP,
  openssl: { next: ['-k', '-pass', '-passin', '-passout'] },
  keytool: {
    next: ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass', '-new'],
  },
  jarsigner: { next: ['-storepass', '-keypass'] },
  curl: { credentials: ['-u', '--user', '-U', '--proxy-user'] },
  cargo: { loginToken: true },
  vault: { loginToken: true },
};

// By a word of the program's own before the option: `docker login -p`, `helm registry login -p`,
// `python -m twine upload -p`, `dotnet nuget push -k`.
const BY_WORD: Readonly<Record<string, SecretOptions>> = {
  login: PASSWORD_P,
  twine: PASSWORD_P,
  nuget: { next: ['-k'] },
};

// What an option of the program says: the next word is pending, or the word itself holds the value
// after `prefix` (-pX, --user=u:p, a login token).
export type OptionReading = { pending: Pending } | { prefix: string; value: string; kind: Pending };

// Reads one command's own words in order (after its program): which options hold a secret.
export class ProgramOptions {
  readonly #active: SecretOptions[];
  #afterLogin = false;
  #loginTokenSeen = false;

  constructor(program: string) {
    const own = Object.hasOwn(BY_PROGRAM, program) ? BY_PROGRAM[program] : undefined;
    this.#active = own ? [own] : [];
  }

  // What `word` (the program's own, in order) says; undefined when it says nothing of a secret.
  read(word: string): OptionReading | undefined {
    const found = this.#option(word);
    if (Object.hasOwn(BY_WORD, word)) this.#active.push(BY_WORD[word]!);
    if (word === 'login') this.#afterLogin = true;
    return found;
  }

  #option(word: string): OptionReading | undefined {
    for (const options of this.#active) {
      if (options.short?.includes(word) || options.next?.includes(word)) return { pending: 'secret' };
      if (options.credentials?.includes(word)) return { pending: 'credentials' };
      const attached = [...(options.short ?? []), ...(options.attachedOnly ?? [])].find(
        (o) => word.length > o.length && word.startsWith(o),
      );
      if (attached) return { prefix: attached, value: word.slice(attached.length), kind: 'secret' };
      const credentials = options.credentials?.find(
        (o) => word.length > o.length && word.startsWith(o.startsWith('--') ? `${o}=` : o),
      );
      if (credentials) {
        const prefix = credentials.startsWith('--') ? `${credentials}=` : credentials;
        return { prefix, value: word.slice(prefix.length), kind: 'credentials' };
      }
      if (options.loginToken && this.#afterLogin && !this.#loginTokenSeen && !word.startsWith('-')) {
        this.#loginTokenSeen = true;
        return { prefix: '', value: word, kind: 'secret' };
      }
    }
    return undefined;
  }
}
