/**
 * Calling back listeners (the UI, the diagram) from code that must not fail because of them:
 * a listener's error is rethrown apart, in a microtask, where it is seen but breaks nothing.
 */
export function callReportingErrors(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

export function notifyAll<E>(listeners: Iterable<(event: E) => void>, event: E): void {
  for (const listener of listeners) callReportingErrors(() => listener(event));
}
