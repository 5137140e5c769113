let parent: number | undefined;

// xrun's parent as seen first thing at startup (cli/main.ts reads it before anything else): if the
// parent dies while xrun starts up, the change still shows. Read at run time, never at import.
export function startupParent(): number {
  parent ??= process.ppid;
  return parent;
}
