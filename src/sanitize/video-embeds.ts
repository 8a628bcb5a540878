/**
 * Video players embedded in an article (`<iframe src="https://www.youtube.com/embed/…">`). The
 * capture profile drops every frame (a frame runs another page), which left no trace of a video
 * the article was built around: no link, no caption. Now a frame of a known video site (the ones
 * Readability keeps, its `videos` pattern) becomes a link to the video, named by the frame's
 * title: "Video: How tides work". A player's page becomes the video's own page where the site has
 * one (YouTube's watch page, Vimeo's video page). Other frames (ads, widgets) are still dropped.
 */

/** Readability's `REGEXPS.videos`: the sites whose players it keeps in an article. */
const VIDEO_SITES = /\/\/(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)/i;

/** Where a frame names its player: `src`, or a lazy loader's attribute while `src` is still `about:blank`. */
const PLAYER_ATTRS = ['src', 'data-src', 'data-lazy-src'];

/** Titles that name the player, not the video (YouTube's and Vimeo's embed code): no better than none. */
const GENERIC_TITLE = /^(youtube video player|vimeo[- ]player|dailymotion video player|video player|embedded (content|video)|iframe)$/i;

/** The page of the video a player's URL shows: YouTube's and Vimeo's players become their watch pages; others stay as they are. */
function videoPage(player: URL): string {
  const host = player.hostname.replace(/^www\./, '');
  const youtube = /^youtube(-nocookie)?\.com$/.test(host) ? /^\/embed\/([\w-]+)$/.exec(player.pathname) : null;
  if (youtube) {
    const list = player.searchParams.get('list');
    if (youtube[1] === 'videoseries') return list ? `https://www.youtube.com/playlist?${new URLSearchParams({ list })}` : player.href;
    const params = new URLSearchParams({ v: youtube[1]! });
    const start = player.searchParams.get('start');
    if (start && /^\d+$/.test(start)) params.set('t', start);
    return `https://www.youtube.com/watch?${params}`;
  }
  const vimeo = host === 'player.vimeo.com' ? /^\/video\/(\d+)$/.exec(player.pathname) : null;
  return vimeo ? `https://vimeo.com/${vimeo[1]}` : player.href;
}

/**
 * The link that stands for `frame` (an `<iframe>` of the capture's input) when it plays a video
 * from a known site: `<a href="…">Video: <title></a>` (or "Video (<site>)"), made in the frame's
 * document; null for any other frame. `base` resolves a relative or scheme-relative `src`.
 */
export function videoLink(frame: Element, attr: (el: Element, name: string) => string | null, base: string | null): Element | null {
  // A lazy-loaded player (WP Rocket, lazysizes) keeps its address in a data attribute until it scrolls into view.
  const src = PLAYER_ATTRS.map((a) => (attr(frame, a) ?? '').trim()).find((v) => VIDEO_SITES.test(v));
  if (!src) return null;
  let player: URL;
  try {
    player = base === null ? new URL(src) : new URL(src, base);
  } catch {
    return null;
  }
  if (player.protocol !== 'http:' && player.protocol !== 'https:') return null;
  const href = videoPage(player);
  const title = (attr(frame, 'title') ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
  const link = frame.ownerDocument.createElement('a');
  link.setAttribute('href', href);
  link.textContent = title && !GENERIC_TITLE.test(title) ? `Video: ${title}` : `Video (${new URL(href).hostname})`;
  return link;
}
