// Renders an info sheet as aligned text or as JSON.
import { createColors } from '../core/colors';
import type { InfoSheet } from './info-sheet';
import { credentialJson } from './render-json';

export function renderInfo(sheet: InfoSheet, color: boolean): string {
  const c = createColors(color);
  const width = Math.max(...sheet.sections.flatMap((s) => s.rows.map(([l]) => l.length)));
  const out: string[] = [];
  for (const s of sheet.sections) {
    out.push(c.bold(s.title));
    for (const [label, value] of s.rows) out.push(`  ${c.dim(label.padEnd(width))}  ${value}`);
    out.push('');
  }
  out.push(c.dim('Claims are decoded without checking signatures (unverified). Tokens are masked; --show-token prints them.'));
  return out.join('\n') + '\n';
}

export function renderInfoJson(sheet: InfoSheet, showToken: boolean): string {
  const sections = Object.fromEntries(sheet.sections.map((s) => [s.title, Object.fromEntries(s.rows)]));
  return JSON.stringify({ credential: credentialJson(sheet.credential, showToken), claims: sheet.claims, claimsVerified: false, sections }, null, 2) + '\n';
}
