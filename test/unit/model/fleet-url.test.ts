import { describe, expect, it } from 'vitest';
import { parseFleetUrl } from '../../../src/model/fleet-url.js';

describe('parseFleetUrl', () => {
  it.each([
    [
      'redis://ci-redis',
      { endpoint: { kind: 'tcp', host: 'ci-redis', port: 6379, tls: false }, database: 0, shown: 'redis://ci-redis' },
    ],
    [
      'redis://user:s3cr%40t@10.0.0.5:6380/2',
      {
        endpoint: { kind: 'tcp', host: '10.0.0.5', port: 6380, tls: false },
        database: 2,
        username: 'user',
        password: 's3cr@t',
        shown: 'redis://user:***@10.0.0.5:6380/2',
      },
    ],
    [
      'rediss://:pw@cache.example:6390',
      {
        endpoint: { kind: 'tcp', host: 'cache.example', port: 6390, tls: true },
        database: 0,
        password: 'pw',
        shown: 'rediss://:***@cache.example:6390',
      },
    ],
    [
      'redis://[::1]:7000',
      { endpoint: { kind: 'tcp', host: '::1', port: 7000, tls: false }, database: 0, shown: 'redis://[::1]:7000' },
    ],
    [
      'redis://u:pw@127.0.0.1:7000,127.0.0.1:7001,[::1]',
      {
        endpoint: { kind: 'tcp', host: '127.0.0.1', port: 7000, tls: false },
        seeds: [
          { kind: 'tcp', host: '127.0.0.1', port: 7001, tls: false },
          { kind: 'tcp', host: '::1', port: 6379, tls: false },
        ],
        database: 0,
        username: 'u',
        password: 'pw',
        shown: 'redis://u:***@127.0.0.1:7000,127.0.0.1:7001,[::1]',
      },
    ],
    [
      'redis+sentinel://:pw@127.0.0.1,127.0.0.1:26380/my%20master/2',
      {
        endpoint: { kind: 'tcp', host: '127.0.0.1', port: 26379, tls: false },
        seeds: [{ kind: 'tcp', host: '127.0.0.1', port: 26380, tls: false }],
        sentinelMaster: 'my master',
        database: 2,
        password: 'pw',
        shown: 'redis+sentinel://:***@127.0.0.1,127.0.0.1:26380/my%20master/2',
      },
    ],
    [
      'unix:///run/redis/redis.sock',
      { endpoint: { kind: 'unix', path: '/run/redis/redis.sock' }, database: 0, shown: 'unix:///run/redis/redis.sock' },
    ],
    [
      'unix://:pw@/tmp/r.sock?db=3',
      {
        endpoint: { kind: 'unix', path: '/tmp/r.sock' },
        database: 3,
        password: 'pw',
        shown: 'unix://:***@/tmp/r.sock?db=3',
      },
    ],
  ])('%s', (text, address) => {
    expect(parseFleetUrl(text)).toEqual({ ok: true, address });
  });

  it.each([
    ['http://host:6379', 'is not a fleet URL'],
    ['redis://', 'is not a fleet URL'],
    ['redis://host:0', 'port 0 is out of range (1-65535)'],
    ['redis://a:7000,b:0', 'port 0 is out of range (1-65535)'],
    ['redis://a:7000,,b', 'is not a fleet URL'],
    ['redis+sentinel://a:26379', 'is not a fleet URL'],
    ['redis://a/name', 'is not a fleet URL'],
    ['redis://a/1/2', 'is not a fleet URL'],
    ['redis://host:6379/16', 'database 16 is out of range (0-15)'],
    ['unix://relative.sock', 'is not a fleet URL'],
  ])('refuses %s', (text, problem) => {
    const parsed = parseFleetUrl(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });

  it('a URL that does not parse is named without its password', () => {
    const parsed = parseFleetUrl('redis://u:hunter2@host:port');
    expect(parsed.ok ? '' : parsed.problem).toContain("'redis://u:***@host:port'");
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
  });
});
