/**
 * What a capture can do with a MIME type: HTML is extracted, plain text is saved as
 * preformatted text, and anything else (PDF, images, media) is refused with a message
 * naming the type.
 */
export function describeContentType(contentType: string): { html: boolean; text: boolean; message: string } {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml' || type === '') return { html: true, text: false, message: '' };
  if (type === 'text/plain') return { html: false, text: true, message: '' };
  const name =
    type === 'application/pdf'
      ? 'a PDF file'
      : type.startsWith('image/')
        ? 'an image'
        : type.startsWith('video/')
          ? 'a video'
          : type.startsWith('audio/')
            ? 'an audio file'
            : `a ${type} file`;
  return {
    html: false,
    text: false,
    message: `This is ${name}, not a web page. Commonplace saves web pages and text; ${name.replace(/^an? /, '')}s are not supported yet.`,
  };
}
