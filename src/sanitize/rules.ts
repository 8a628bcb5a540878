/**
 * The sanitiser's lists: what both profiles remove, what the reader keeps, which attributes hold
 * addresses or plain text. Data only; src/sanitize/sanitize.ts applies them.
 */

/** Elements removed by both profiles (content dropped where it is never article text). */
export const FORBIDDEN_TAGS = [
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'link', 'meta', 'base',
  'dialog', 'canvas', 'map', 'area', 'slot', 'content', 'shadow', 'element', 'decorator', 'menuitem',
  'noembed', 'noframes', 'portal', 'fencedframe',
  // SVG pieces that load resources or rewrite attributes at run time.
  'image', 'feimage', 'use', 'animate', 'animatecolor', 'animatemotion', 'animatetransform', 'set', 'tref',
  'altglyph', 'altglyphdef', 'altglyphitem', 'glyphref', 'mpath', 'foreignobject',
];
/** Removed with their content (a `<form>` is unwrapped instead: some sites wrap the whole page in one). */
export const FORBIDDEN_CONTENTS = [
  'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'object', 'embed', 'applet', 'frame',
  'frameset', 'dialog', 'canvas', 'map', 'noembed', 'noframes',
];
export const FORBIDDEN_ATTRS = [
  'style', 'class', 'id', 'name', 'target', 'background', 'ping', 'action', 'formaction', 'srcdoc',
  'tabindex', 'accesskey', 'autofocus', 'autoplay', 'contenteditable', 'draggable', 'nonce', 'is',
  'slot', 'part', 'popover', 'usemap', 'lowsrc', 'dynsrc', 'longdesc', 'xmlns:xlink',
];

/** Text-level and structural HTML the reader renders; nothing here can load or run anything. */
export const READER_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br',
  'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'data', 'dd', 'del', 'details', 'dfn', 'div', 'dl',
  'dt', 'em', 'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'i', 'ins', 'kbd', 'legend', 'li', 'main', 'mark', 'menu', 'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
  'section', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];
export const READER_ATTRS = [
  'href', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'headers', 'scope', 'abbr', 'datetime', 'start',
  'reversed', 'type', 'value', 'open', 'span', 'class', 'data-kind', 'data-media',
];
export const MEDIA_ALT_CLASS = 'cp-media-alt';

/** Reader replacements: element name → [data-kind, fallback text]. */
export const MEDIA_PLACEHOLDERS: Readonly<Record<string, readonly [string, string]>> = {
  img: ['image', '[image]'], picture: ['image', '[image]'], svg: ['image', '[image]'], image: ['image', '[image]'],
  video: ['video', '[video]'], audio: ['audio', '[audio]'], iframe: ['embed', '[embedded content]'],
  object: ['embed', '[embedded content]'], embed: ['embed', '[embedded content]'], math: ['math', '[formula]'],
};

/** Attributes holding URLs that the capture profile makes absolute (or drops). */
export const URL_ATTRS: ReadonlySet<string> = new Set(['href', 'xlink:href', 'src', 'poster', 'cite', 'srcset']);
export const CAPTURE_HREF_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:', 'file:']);
export const CAPTURE_SRC_SCHEMES = new Set(['http:', 'https:', 'file:']);
export const READER_HREF_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * Attributes that are text or an address, never CSS: one mentioning `url(` (alt text about CSS, a
 * link to MDN's url() page) is kept. Addresses go through their own scheme checks.
 */
export const PLAIN_TEXT_ATTRS: ReadonlySet<string> = new Set(['alt', 'title', 'href', 'xlink:href', 'src', 'srcset', 'cite', 'aria-label', 'aria-description', 'aria-roledescription', 'datetime', 'abbr', 'label', 'summary']);

/** Elements whose first newline a parser drops (see keepLeadingNewlines). */
export const LEADING_NEWLINE_TAGS: ReadonlySet<string> = new Set(['pre', 'listing', 'textarea']);
