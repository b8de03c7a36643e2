/**
 * Whether this island has hydrated. Its server-rendered buttons are on the page before their
 * handlers are: a submit button pressed then would submit the form natively and reload the page
 * (the learner's answers and scroll position lost), so such buttons show disabled until this is true.
 */
import { useEffect, useState } from 'react';

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
