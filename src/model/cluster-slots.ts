// Redis Cluster's routing, pure: the slot of a key, the slot map CLUSTER SLOTS answers, and the node a
// MOVED or ASK error names.

const SLOTS = 16384;

export interface ClusterNode {
  host: string;
  port: number;
}

// One range of slots and the master that serves it.
export interface SlotRange {
  start: number;
  end: number;
  master: ClusterNode;
}

// CRC16-CCITT (XMODEM), as the cluster hashes keys.
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

// The slot of a key: its hash tag (the text between the first '{' and the next '}', when not empty) or all of it.
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(new TextEncoder().encode(hashed)) % SLOTS;
}

// CLUSTER SLOTS' answer as ranges; a node's empty or '?' host is the host that answered (`asked`).
export function slotRanges(reply: unknown, asked: string): SlotRange[] {
  if (!Array.isArray(reply)) return [];
  const ranges: SlotRange[] = [];
  for (const entry of reply) {
    if (!Array.isArray(entry) || !Array.isArray(entry[2])) continue;
    const [start, end, [host, port]] = entry as [number, number, [string, number]];
    ranges.push({
      start: Number(start),
      end: Number(end),
      master: { host: host === '' || host === '?' ? asked : host, port: Number(port) },
    });
  }
  return ranges;
}

// The master of `slot` in `ranges`, if one serves it.
export function masterOf(ranges: readonly SlotRange[], slot: number): ClusterNode | undefined {
  return ranges.find((r) => slot >= r.start && slot <= r.end)?.master;
}

// `MOVED 3999 127.0.0.1:6381` / `ASK ...`: where the key's slot is (MOVED: for good; ASK: for this command).
export function redirectOf(message: string): { kind: 'MOVED' | 'ASK'; slot: number; node: ClusterNode } | undefined {
  const match = /^(MOVED|ASK) (\d+) (.*):(\d+)$/.exec(message);
  if (!match) return undefined;
  return {
    kind: match[1] as 'MOVED' | 'ASK',
    slot: Number(match[2]),
    node: { host: match[3]!.replace(/^\[|\]$/g, ''), port: Number(match[4]) },
  };
}

// The masters, each once.
export function mastersOf(ranges: readonly SlotRange[]): ClusterNode[] {
  const seen = new Map<string, ClusterNode>();
  for (const r of ranges) seen.set(`${r.master.host}:${r.master.port}`, r.master);
  return [...seen.values()];
}
