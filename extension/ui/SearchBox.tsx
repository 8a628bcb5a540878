import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * The side panel's search box, always at the top of the list: what is typed searches titles,
 * sites, authors, articles, highlights and notes (src/search/query.ts: `"phrases"`, `tag:`,
 * `state:`, `is:favorite`, `site:`, `after:`, `before:`). `/` focuses it from anywhere in the
 * panel (from the other views too: the side panel brings the list back and raises `focusSignal`),
 * Esc empties it, ↓ moves into the results.
 */
export function SearchBox({ value, onChange, focusSignal = 0 }: { value: string; onChange: (value: string) => void; focusSignal?: number }) {
  const input = useRef<HTMLInputElement>(null);
  // Layout effects: the box takes the focus, and `/`, from the render that draws it, not after paint (a key pressed in between was lost).
  useLayoutEffect(() => {
    if (focusSignal > 0) input.current?.focus();
  }, [focusSignal]);
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || (e.target as HTMLElement | null)?.isContentEditable;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="search-box" role="search">
      <input
        ref={input}
        type="search"
        value={value}
        placeholder="Search your library  (/)"
        aria-label="Search titles, articles, highlights and notes; filters: tag: state: site: after: before:"
        maxLength={4_000}
        data-testid="search-input"
        onInput={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
          else if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.querySelector<HTMLElement>('.virtual-list li[tabindex="0"]')?.focus();
          }
        }}
      />
    </div>
  );
}
