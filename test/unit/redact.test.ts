import { expect, it } from 'vitest';
import { redactCommand } from '../../src/redact.js';

it.each([
  [['deploy', '--token', 'abc', '--token=def', '--name', 'x'], ['deploy', '--token', '***', '--token=***', '--name', 'x']],
  [['cli', '--password=p', '--db-password', 'q', '--api-key', 'k', '--apikey=k2', '--client-secret', 's', '--auth-token=t'], ['cli', '--password=***', '--db-password', '***', '--api-key', '***', '--apikey=***', '--client-secret', '***', '--auth-token=***']],
  // docker login --password-stdin takes no value: the next word stays
  [['docker', 'login', '--password-stdin', '-u', 'me'], ['docker', 'login', '--password-stdin', '-u', 'me']],
  [['mysql', '-pS3cret', '-u', 'root'], ['mysql', '-p***', '-u', 'root']],
  [['env', 'A=1', 'mysqldump', '-p', 'S3cret', 'db'], ['env', 'A=1', 'mysqldump', '-p', '***', 'db']],
  [['sshpass', '-p', 'pw', 'ssh', 'host'], ['sshpass', '-p', '***', 'ssh', 'host']],
  // elsewhere -p is a port or "parents"
  [['docker', 'run', '-p', '8080:80', 'img'], ['docker', 'run', '-p', '8080:80', 'img']],
  [['mkdir', '-pv', 'x'], ['mkdir', '-pv', 'x']],
  [['env', 'GITHUB_TOKEN=ghp_x', 'NPM_API_KEY=k', 'PATH=/bin', 'make'], ['env', 'GITHUB_TOKEN=***', 'NPM_API_KEY=***', 'PATH=/bin', 'make']],
  [['git', 'clone', 'https://user:hunter2@example.com/r.git'], ['git', 'clone', 'https://user:***@example.com/r.git']],
])('redacts %j', (command, expected) => {
  expect(redactCommand(command)).toEqual(expected);
});
