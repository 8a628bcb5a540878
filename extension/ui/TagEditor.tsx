import { useMemo, useRef, useState } from 'preact/hooks';
import { storedTagKey, tagKey, tagLabel } from '../../src/library/tags';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { background } from '../messaging';
import { useFacets } from './use-facets';
import './organise.css';

/** Most suggestions shown under the input. */
const MAX_SUGGESTIONS = 8;
let editors = 0;

/**
 * A clip's tags: chips with × to remove, and an input (an ARIA combobox) suggesting the
 * library's tags as you type (`libraryFacets`, most used first; ↓/↑ choose, Enter or a click
 * takes one as it is, commas included, Escape closes them until the next key typed or arrow).
 * Enter or a comma adds what was typed (split at commas; not the Enter that ends an input method's
 * composition); Backspace in the empty input removes the last tag. Every change is one `setTags`
 * call carrying the tags shown (`base`), so only what it added or removed changes and a tag added
 * elsewhere meanwhile is kept; one at a time: a change made while another is on its way is sent
 * after it, from the tags that one answered. A saved tag leaves the input only if it still holds
 * it (the next tag typed meanwhile stays); the background's refusal (an empty tag, one over 200
 * characters) is shown under the input, and what was typed is kept. The chips follow the clip's
 * tags as they change elsewhere (sync, the popup or the side panel): the owner of `tags` keeps its
 * row with `useFollowedRow`.
 */
export function TagEditor({ clipId, tags, onChange }: { clipId: string; tags: readonly string[]; onChange: (clip: ClipSummary) => void }) {
  const { facets } = useFacets();
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  // Edits wait for the one before, never dropped: each is applied, when sent, to the tags the one
  // before answered (a queued edit's `base`), else to the tags shown.
  const queue = useRef<Promise<readonly string[] | null>>(Promise.resolve(null));
  const pending = useRef(0);
  const shownTags = useRef(tags);
  shownTags.current = tags;
  const id = useMemo(() => `tag-editor-${++editors}`, []);

  const matches = useMemo(() => {
    const have = new Set(tags.map(storedTagKey));
    // Read as the tag it adds (`tagLabel`: `#`s, also full-width, spaces and invisible characters as the library drops them).
    const typed = tagKey(tagLabel(draft));
    const all = (facets?.tags ?? []).filter((t) => !have.has(storedTagKey(t.tag)));
    if (!typed) return all.slice(0, MAX_SUGGESTIONS);
    const keyed = all.map((t) => ({ ...t, key: tagKey(t.tag) })).filter((t) => t.key.includes(typed));
    // Tags that start with what was typed first, then those that contain it; each most used first.
    return [...keyed.filter((t) => t.key.startsWith(typed)), ...keyed.filter((t) => !t.key.startsWith(typed))].slice(0, MAX_SUGGESTIONS);
  }, [facets, tags, draft]);
  const shown = open && matches.length > 0;

  /** Queues one edit; once saved, the input is emptied if it still holds `typed` (what the user typed since stays). */
  const save = (edit: (tags: readonly string[]) => string[], typed?: string) => {
    const chained = pending.current++ > 0;
    const run = async (before: readonly string[] | null): Promise<readonly string[] | null> => {
      const base = chained && before ? before : shownTags.current;
      const res = await background('setTags', { clipId: clipId as never, tags: edit(base), base: [...base] });
      if (!res.ok) {
        setError(res.error.message);
        return null;
      }
      setError(null);
      if (typed !== undefined) setDraft((d) => (d === typed ? '' : d));
      setActive(-1);
      onChange(res.value.clip);
      return res.value.clip.tags;
    };
    queue.current = queue.current.then(run).catch(() => null).finally(() => void pending.current--);
  };
  const addTags = (added: readonly string[], typed: string) => {
    if (added.length === 0) return setDraft('');
    save((t) => [...t, ...added], typed);
  };
  // Typed text: a comma separates tags. A suggestion is one library tag, commas and all.
  const add = (raw: string) => addTags(raw.split(',').map((t) => t.trim()).filter((t) => t !== ''), raw);
  const choose = (tag: string) => addTags([tag], draft);
  // Every spelling of it (a clip can hold two devices' "Work" and "work"): one tag, removed at once.
  const remove = (tag: string) => save((tags) => tags.filter((t) => storedTagKey(t) !== storedTagKey(tag)));

  const onKey = (e: KeyboardEvent) => {
    // A key that commits or steers an input method's composition is the input method's.
    if (e.isComposing) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // Cycles through the suggestions and back to the typed text (-1).
      setActive((i) => (matches.length === 0 ? -1 : i + step < -1 ? matches.length - 1 : i + step >= matches.length ? -1 : i + step));
    } else if (e.key === 'Enter') {
      const chosen = shown && active >= 0 && active < matches.length ? matches[active]!.tag : null;
      if (chosen !== null) choose(chosen);
      else add(draft);
    } else if (e.key === ',') add(draft);
    else if (e.key === 'Escape') {
      // Closed until the user types or presses an arrow, even when the library's tags arrive
      // after the key (a popup just opened); a second Escape goes on to the page.
      setOpen(false);
      if (!shown) return;
      e.stopPropagation();
    }
    else if (e.key === 'Backspace' && draft === '' && tags.length > 0) remove(tags[tags.length - 1]!);
    else return;
    e.preventDefault();
  };

  return (
    <div class="tag-editor" data-testid="tag-editor">
      <ul class="tag-chips" aria-label="Tags">
        {tags.map((t) => (
          <li class="tag-chip" data-testid="tag-chip" data-tag={t} key={t}>
            <span class="tag-chip-name">{t}</span>
            <button class="tag-chip-remove" data-testid="tag-remove" aria-label={`Remove the tag ${t}`} onClick={() => remove(t)}>
              ×
            </button>
          </li>
        ))}
        <li class="tag-input-wrap">
          <input
            class="tag-input"
            data-testid="tag-input"
            role="combobox"
            aria-label="Add a tag"
            aria-autocomplete="list"
            aria-expanded={shown}
            aria-controls={`${id}-list`}
            aria-activedescendant={shown && active >= 0 ? `${id}-${active}` : undefined}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
            placeholder={tags.length ? 'Add a tag' : 'Add tags (Enter or comma)'}
            value={draft}
            onInput={(e) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              setDraft(value);
              if (value.includes(',')) return add(value);
              setOpen(true);
              setActive(-1);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKey}
          />
          <ul class="tag-suggestions" id={`${id}-list`} role="listbox" aria-label="Existing tags" data-testid="tag-suggestions" hidden={!shown}>
            {shown &&
              matches.map((t, i) => (
                <li
                  id={`${id}-${i}`}
                  key={t.tag}
                  role="option"
                  aria-selected={i === active}
                  data-testid="tag-option"
                  data-tag={t.tag}
                  onMouseDown={(e) => (e.preventDefault(), choose(t.tag))}
                  onMouseEnter={() => setActive(i)}
                >
                  <span>{t.tag}</span> <span class="muted">{t.count}</span>
                </li>
              ))}
          </ul>
        </li>
      </ul>
      {error && (
        <p class="error organise-error" role="alert" id={`${id}-error`} data-testid="tag-error">
          {error}
        </p>
      )}
    </div>
  );
}
