import { useMemo } from 'preact/hooks';
import { encode } from 'uqr';

/**
 * A QR code of `text`, drawn here as inline SVG (uqr computes the modules; nothing is
 * fetched and no canvas is used). Always dark on light with a quiet zone, in dark mode
 * too, so phone cameras read it.
 */
export function QrCode({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const qr = useMemo(() => encode(text, { ecc: 'M', border: 4 }), [text]);
  const path = useMemo(() => {
    let d = '';
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) d += `M${x} ${y}h1v1h-1z`;
      }),
    );
    return d;
  }, [qr]);
  return (
    <svg class="qr" role="img" aria-label={label} data-testid={testId} viewBox={`0 0 ${qr.size} ${qr.size}`} shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
