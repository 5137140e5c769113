// xrun's parent as seen first thing at startup: if it dies while xrun starts up, the change still shows.
export const startupParent = process.ppid;
