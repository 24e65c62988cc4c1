/**
 * A queue that runs async tasks one after another: concurrent messages must not
 * interleave their read-modify-write cycles on storage.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
}
