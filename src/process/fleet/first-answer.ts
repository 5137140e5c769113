// Asks every candidate at once and takes the first answer: a candidate that hangs (a SIGSTOPped seed
// or sentinel, a host that drops packets) costs nothing while another answers. The answers that come
// after the first are handed to `discard` (a connection closed); when every candidate fails, the
// failure `preferred` picks (an error answer says more than a refused connection) is the rejection.
export function firstAnswer<C, T>(
  candidates: readonly C[],
  ask: (candidate: C) => Promise<T>,
  discard: (late: T) => void,
  preferred: (error: unknown) => boolean = () => false,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let pending = candidates.length;
    let answered = false;
    let failure: unknown = new Error('nothing to ask');
    if (pending === 0) reject(failure);
    for (const candidate of candidates) {
      ask(candidate).then(
        (answer) => {
          if (answered) discard(answer);
          else resolve(answer);
          answered = true;
        },
        (error: unknown) => {
          // the first preferred failure stays; otherwise the latest
          if (!preferred(failure)) failure = error;
          pending -= 1;
          if (pending === 0 && !answered) reject(failure);
        },
      );
    }
  });
}
