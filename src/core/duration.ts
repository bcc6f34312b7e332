// How long something takes or has left, in words a person reads: the one
// formatter of spans for messages and countdowns. (The status table's compact
// "in 7h" / "2d ago" is report/format.ts's, built for a column.)

/** "10 minutes", "1 minute", "0.6 seconds": whole minutes as minutes, anything else in seconds to a tenth. */
export function spokenDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const m = ms / 60_000;
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  const s = Math.round(ms / 100) / 10;
  return `${s} second${s === 1 ? '' : 's'}`;
}

/** "9:41": minutes and seconds until `deadline`, for a countdown redrawn every second (never negative). */
export function clockLeft(deadline: number, now: number): string {
  const s = Math.max(0, Math.ceil((deadline - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
