// How xrun stops a command unless a setting says otherwise: the signal (--signal) and the grace before
// SIGKILL (--kill-after). The settings' table reads them here, and so does the default run
// (cli/default-run.ts), which never loads the table.
export const DEFAULT_STOP_SIGNAL = 'TERM';
export const DEFAULT_KILL_AFTER_SECONDS = 10;
