// A QR code drawn as SVG squares (no inline style, so the CSP allows it). The encoder is
// the qrcode-generator package, loaded with import() only where a code is shown.
import { useEffect, useState } from 'preact/hooks';

/** The QR code of TEXT, LABEL as its accessible name; data-text carries TEXT for tests. */
export function QrCode({ text, label, size = 160 }) {
  const [cells, setCells] = useState(null);
  useEffect(() => {
    let live = true;
    import('qrcode-generator').then(({ default: qrcode }) => {
      const qr = qrcode(0, 'M');
      qr.addData(text);
      qr.make();
      const n = qr.getModuleCount();
      const dark = [];
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) dark.push(`M${c + 4} ${r + 4}h1v1h-1z`);
      if (live) setCells({ n: n + 8, path: dark.join('') });
    });
    return () => { live = false; };
  }, [text]);
  if (!cells) return <div class="qr qr-loading" />;
  return (
    <svg class="qr" role="img" aria-label={label} data-text={text} width={size} height={size}
      viewBox={`0 0 ${cells.n} ${cells.n}`} shape-rendering="crispEdges">
      <rect width={cells.n} height={cells.n} fill="#fff" />
      <path d={cells.path} fill="#000" />
    </svg>
  );
}
