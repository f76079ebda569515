/**
 * The latency chart, SVG by hand: one panel per scenario × connection count, a percentile
 * line per target (x: percentile, y: latency to the last byte in ms, log scale).
 */
interface CellLike {
  scenario: string;
  connections: number;
  target: string;
  status: string;
  curve: number[];
}

const COLORS: Record<string, string> = {
  direct: "#777777",
  switchyard: "#1f6fd1",
  workers: "#2a9d4b",
  peer: "#e0701b",
};
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderSvg(
  cells: CellLike[],
  scenarios: { id: string; title: string }[],
  connections: number[],
  points: number[],
  label: (target: string) => string = (t) => t,
): string {
  const W = 420;
  const H = 220;
  const M = { l: 56, r: 16, t: 34, b: 34 };
  const cols = connections.length;
  const width = cols * W;
  const height = scenarios.length * H + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  // legend
  let lx = 10;
  for (const [name, color] of Object.entries(COLORS)) {
    // only the targets this run measured
    if (!cells.some((k) => k.target === name)) continue;
    out.push(`<line x1="${lx}" y1="20" x2="${lx + 20}" y2="20" stroke="${color}" stroke-width="2.5"/>`);
    out.push(`<text x="${lx + 25}" y="24">${esc(label(name))}</text>`);
    lx += 110;
  }
  out.push(
    `<text x="${lx + 10}" y="24" fill="#444">latency to last byte (ms, log scale) by percentile; wrk cells have p50/75/90/99 only</text>`,
  );
  scenarios.forEach((s, row) => {
    connections.forEach((c, col) => {
      const x0 = col * W;
      const y0 = 40 + row * H;
      const pw = W - M.l - M.r;
      const ph = H - M.t - M.b;
      const mine = cells.filter((k) => k.scenario === s.id && k.connections === c && k.status === "ok");
      const vals = mine.flatMap((k) => k.curve.filter((v) => Number.isFinite(v) && v > 0));
      // log scale: the peer's tens of ms and a direct call's tenths share a panel
      const lo = Math.log10(10 ** Math.floor(Math.log10(Math.min(1, ...vals))));
      const hi = Math.log10(10 ** Math.ceil(Math.log10(Math.max(0.01, ...vals))));
      const X = (i: number): number => x0 + M.l + (i / (points.length - 1)) * pw;
      const Y = (v: number): number => y0 + M.t + ph - ((Math.log10(v) - lo) / (hi - lo)) * ph;
      out.push(
        `<text x="${x0 + M.l}" y="${y0 + 18}" font-weight="bold">${esc(s.id)} · ${c} connection${c > 1 ? "s" : ""}</text>`,
      );
      out.push(
        `<rect x="${x0 + M.l}" y="${y0 + M.t}" width="${pw}" height="${ph}" fill="none" stroke="#ccc"/>`,
      );
      for (let e = lo; e <= hi; e++)
        for (const m of [1, 2, 5]) {
          const v = m * 10 ** e;
          if (Math.log10(v) > hi + 1e-9) continue;
          out.push(
            `<line x1="${x0 + M.l}" y1="${Y(v)}" x2="${x0 + M.l + pw}" y2="${Y(v)}" stroke="${m === 1 ? "#ddd" : "#f2f2f2"}"/>`,
          );
          out.push(`<text x="${x0 + M.l - 4}" y="${Y(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
        }
      points.forEach((p, i) => {
        out.push(`<text x="${X(i)}" y="${y0 + M.t + ph + 14}" text-anchor="middle">p${p}</text>`);
      });
      for (const k of mine) {
        const pts = k.curve
          .map((v, i) => (Number.isFinite(v) ? `${X(i).toFixed(1)},${Y(v).toFixed(1)}` : ""))
          .filter((x) => x !== "");
        const color = COLORS[k.target] ?? "#000";
        out.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`);
        for (const p of pts) {
          const [px, py] = p.split(",");
          out.push(`<circle cx="${px}" cy="${py}" r="2.5" fill="${color}"/>`);
        }
      }
      if (mine.length === 0)
        out.push(`<text x="${x0 + W / 2}" y="${y0 + H / 2}" text-anchor="middle">no data</text>`);
    });
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function fmt(v: number): string {
  return v >= 1 ? String(Math.round(v)) : String(Number(v.toPrecision(1)));
}
