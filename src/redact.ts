import { basename, effectiveCommand } from './detect-tool.js';

// What a redacted value reads as.
export const REDACTED = '***';

// Long options whose value is a secret: the name ends with one of these words
// (--password, --db-password, --token, --auth-token, --secret, --client-secret, --api-key, --apikey).
const SECRET_OPTION = /^--(?:[\w-]*[-_])?(?:password|passwd|token|secret|api[-_]?key|apikey)$/i;
// VAR=value words (env, sudo prefixes) whose name ends with one of these words.
const SECRET_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*(?:PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY))=(.*)$/i;
// Commands whose -p is a password (elsewhere -p is a port or "parents": docker run -p, mkdir -p).
const PASSWORD_P_COMMANDS: ReadonlySet<string> = new Set([
  'mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlshow', 'mysqlcheck', 'mariadb', 'mariadb-dump', 'mariadb-admin', 'sshpass',
]);
// user:password@ in a URL
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^/@\s]*@/i;

// The command line with secret values replaced by ***: values of --password/--token/--secret/--api-key
// style options (--token=x and --token x), -pSECRET and -p SECRET for mysql-family commands and sshpass,
// NAME_TOKEN=x style assignments, and passwords in URLs. Pure.
export function redactCommand(command: readonly string[]): string[] {
  const program = effectiveCommand(command);
  const base = program === undefined ? '' : basename(program);
  const passwordP = PASSWORD_P_COMMANDS.has(base);
  const out: string[] = [];
  let secretNext = false;
  for (const word of command) {
    if (secretNext) {
      out.push(REDACTED);
      secretNext = false;
      continue;
    }
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq > 0 && SECRET_OPTION.test(word.slice(0, eq))) {
      out.push(`${word.slice(0, eq + 1)}${REDACTED}`);
    } else if (SECRET_OPTION.test(word) || (passwordP && word === '-p')) {
      out.push(word);
      secretNext = true;
    } else if (passwordP && /^-p./.test(word)) {
      out.push(`-p${REDACTED}`);
    } else if (SECRET_ASSIGNMENT.test(word)) {
      out.push(word.replace(SECRET_ASSIGNMENT, `$1=${REDACTED}`));
    } else {
      out.push(word.replace(URL_PASSWORD, `$1:${REDACTED}@`));
    }
  }
  return out;
}
