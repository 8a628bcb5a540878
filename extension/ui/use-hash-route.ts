import { useEffect, useState } from 'preact/hooks';

/** The clip id in `#clip=ID`, or null for the list. The hash is the side panel's only router. */
export function useHashClip(): [string | null, (id: string | null) => void] {
  const read = () => new URLSearchParams(location.hash.slice(1)).get('clip');
  const [clip, setClip] = useState<string | null>(read);
  useEffect(() => {
    const on = () => setClip(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const go = (id: string | null) => {
    location.hash = id ? `clip=${encodeURIComponent(id)}` : '';
  };
  return [clip, go];
}
