import type { ClipSummary } from '../../src/schema/clip-summary';
import { siteLabel } from '../../src/url/normalize';
import { rowDate } from './dates';
import { rowTimeLeft } from './reading-time';

/** Tags shown on a row; the rest are counted ("+2"). */
const ROW_TAGS = 3;

/**
 * What a row or a card is told: the clip, whether the list shown is the archive (no "Archived"
 * then), its picture's URL, how to delete it (no ✕ without) and how to archive or unarchive it
 * (no quick archive without: search results offer neither).
 */
export interface ClipViewProps {
  readonly row: ClipSummary;
  readonly inArchive: boolean;
  readonly thumb?: string | undefined;
  readonly onDelete?: ((id: string) => void) | undefined;
  readonly onArchive?: ((id: string, archived: boolean, title: string) => void) | undefined;
}

/**
 * The author a row names beside its site: the byline, its spaces collapsed, or null when there is
 * none or it only repeats the site (a site that signs its pages with its own name, "The Estuary
 * Review · The Estuary Review", says nothing twice).
 */
export function rowByline(row: Pick<ClipSummary, 'byline'>, site: string): string | null {
  const by = row.byline?.replace(/\s+/g, ' ').trim();
  return by && by.toLowerCase() !== site.trim().toLowerCase() ? by : null;
}

/**
 * Never opened: not read and no reading progress recorded (the reader records one as soon as a
 * clip is opened), the rows Readwise Reader marks with a dot.
 */
export const isUnopened = (row: Pick<ClipSummary, 'readAt' | 'progress'>): boolean => row.readAt === null && row.progress === undefined;

/** The unread dot (CSS draws it), named "Unread" for screen readers; outside the title, whose text stays the title. */
const UnreadDot = () => <span class="clip-unread" data-testid="clip-unread" role="img" aria-label="Unread" title="Unread" />;

/**
 * Site, author, date, reading time (the time left once started), kind, archived, star and note
 * mark (the star and the note are labelled for screen readers); on a card (`siteLine`) the site
 * and author take a line of their own, the card being narrow. A long author is cut (CSS).
 */
function ClipMeta({ row, inArchive, siteLine = false }: Pick<ClipViewProps, 'row' | 'inArchive'> & { siteLine?: boolean }) {
  const length = rowTimeLeft(row);
  const label = siteLabel(row);
  const by = rowByline(row, label);
  const site = (
    <>
      <span class="clip-site">{label}</span>
      {by !== null && (
        <>
          {' · '}
          <span class="clip-byline" title={by}>
            {by}
          </span>
        </>
      )}
    </>
  );
  return (
    <>
      {siteLine && <div class="clip-meta muted card-site">{site}</div>}
      <div class="clip-meta muted">
        {!siteLine && <>{site} · </>}
        <time class="clip-date">{rowDate(row.savedAt)}</time>
        {length !== null && <span class="clip-length"> · {length}</span>}
        {row.kind !== 'page' && <span class="clip-kind"> · {row.kind}</span>}
        {row.archivedAt !== null && !inArchive && <span class="clip-archived"> · Archived</span>}
        {row.favoriteAt !== null && (
          <span class="clip-star" data-testid="clip-favorite" title="Favourite" aria-label="Favourite">
            {' '}★
          </span>
        )}
        {row.hasNote && (
          <span class="clip-has-note" data-testid="clip-note" title="Has a note" aria-label="Has a note">
            {' '}✎
          </span>
        )}
      </div>
    </>
  );
}

/** How far it was read (the furthest point, synced), when it was opened at all; its first tags. */
function ClipFoot({ row }: { row: ClipSummary }) {
  return (
    <>
      {row.progress !== undefined && row.progress > 0 && (
        <div class="clip-progress" data-testid="clip-progress" role="progressbar" aria-label="Read" aria-valuenow={row.progress} title={row.progress === 100 ? 'Read to the end' : `${row.progress}% read`}>
          <div class="clip-progress-bar" style={{ width: `${row.progress}%` }} />
        </div>
      )}
      {row.tags.length > 0 && (
        <div class="clip-tags" aria-label="Tags">
          {row.tags.slice(0, ROW_TAGS).map((t) => (
            <span class="clip-tag" data-testid="clip-tag" key={t}>
              {t}
            </span>
          ))}
          {row.tags.length > ROW_TAGS && <span class="clip-tag-more muted">+{row.tags.length - ROW_TAGS}</span>}
        </div>
      )}
    </>
  );
}

/** The ✕ on a row or card (shown on hover and focus; Delete or d from the keyboard). */
function DeleteButton({ row, onDelete }: Pick<ClipViewProps, 'row' | 'onDelete'>) {
  if (!onDelete) return null;
  return (
    <button
      class="clip-delete"
      data-testid="delete"
      aria-label={`Delete ${row.title}`}
      tabIndex={-1}
      onClick={(e) => {
        e.stopPropagation();
        onDelete(row.id);
      }}
    >
      ✕
    </button>
  );
}

/**
 * The quick archive beside the ✕ (shown on hover and focus, like it): Archive, or Unarchive for a
 * clip archived already (the Archived list, and archived favourites). Out of the Tab order as the
 * ✕ is: the row is the one stop, its keys do the rest.
 */
function ArchiveButton({ row, onArchive }: Pick<ClipViewProps, 'row' | 'onArchive'>) {
  if (!onArchive) return null;
  const archived = row.archivedAt !== null;
  const what = archived ? 'Unarchive' : 'Archive';
  return (
    <button
      class="clip-archive"
      data-testid="quick-archive"
      data-archived={String(archived)}
      aria-label={`${what} ${row.title}`}
      title={what}
      tabIndex={-1}
      onClick={(e) => {
        e.stopPropagation();
        onArchive(row.id, !archived, row.title);
      }}
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <path d={archived ? 'M2 3h12v3H2zM3 6v7h10V6M8 12V8.5M6.2 10.2 8 8.4l1.8 1.8' : 'M2 3h12v3H2zM3 6v7h10V6M6.5 9h3'} />
      </svg>
    </button>
  );
}

/** A row: its picture (a thumbnail of its first saved image, when it has one) on the left; the unread dot; title; site, author, date and marks; two lines of excerpt; how far it was read; tags. */
export function ClipRow({ row, inArchive, thumb, onDelete, onArchive }: ClipViewProps) {
  return (
    <>
      {isUnopened(row) && <UnreadDot />}
      {thumb && <img class="clip-thumb" data-testid="clip-thumb" src={thumb} alt="" width={56} height={56} decoding="async" />}
      <div class="clip-title">{row.title}</div>
      <ClipMeta row={row} inArchive={inArchive} />
      {row.excerpt && <div class="clip-excerpt">{row.excerpt}</div>}
      <ClipFoot row={row} />
      <ArchiveButton row={row} onArchive={onArchive} />
      <DeleteButton row={row} onDelete={onDelete} />
    </>
  );
}

/** A hue for a clip with no picture: the same for every clip of a site, so a site's cards look alike. */
export function siteHue(site: string): number {
  let h = 0;
  for (let i = 0; i < site.length; i++) h = (h * 31 + site.charCodeAt(i)) >>> 0;
  return h % 360;
}

/**
 * A card (the grid layout, list-layout.ts): the picture across the top, or for a clip with none a
 * tinted band with its site's initial, the unread dot on its corner; then the title (three lines
 * at most), site and author, date and marks, how far it was read and its tags. No excerpt: the
 * picture takes its room. Every card is as tall.
 */
export function ClipCard({ row, inArchive, thumb, onDelete, onArchive }: ClipViewProps) {
  const site = siteLabel(row);
  return (
    <div class="card">
      {isUnopened(row) && <UnreadDot />}
      <div class="card-cover" aria-hidden="true" style={thumb ? undefined : { '--site-hue': siteHue(site) }}>
        {thumb ? <img class="card-thumb" data-testid="clip-thumb" src={thumb} alt="" decoding="async" /> : <span class="card-initial">{[...site.replace(/^www\./, '')][0]?.toUpperCase() ?? '·'}</span>}
      </div>
      <div class="clip-title" title={row.title}>
        {row.title}
      </div>
      <ClipMeta row={row} inArchive={inArchive} siteLine />
      <ClipFoot row={row} />
      <ArchiveButton row={row} onArchive={onArchive} />
      <DeleteButton row={row} onDelete={onDelete} />
    </div>
  );
}
