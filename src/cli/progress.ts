// A progress bar with an ETA on stderr. On a terminal it redraws one line; piped to a file or a
// CI log it prints a line per step instead of a smear of carriage returns.
export class Progress {
  private done = 0;
  private readonly started = performance.now();
  private readonly tty = !!process.stderr.isTTY;

  constructor(private readonly total: number, private readonly quiet: boolean) {
    if (!quiet && this.tty) this.draw(0);
  }

  static clock(seconds: number): string {
    const s = Math.round(seconds);
    const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
    return (hms[0] ? hms : hms.slice(1)).map((n, i) => (i ? String(n).padStart(2, '0') : String(n))).join(':');
  }

  update(chars: number, audioSeconds: number): void {
    this.done += chars;
    if (!this.quiet && (this.tty || this.done < this.total)) this.draw(audioSeconds);
  }

  finish(line: string): void {
    if (this.quiet) return;
    process.stderr.write(`${this.tty ? '\r\x1b[K' : ''}${line}\n`);
  }

  private draw(audioSeconds: number): void {
    const fraction = this.total ? Math.min(1, this.done / this.total) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const elapsed = (performance.now() - this.started) / 1000;
    const eta = this.done > 0 ? Progress.clock((elapsed / this.done) * (this.total - this.done)) : '?';
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%  ${this.done}/${this.total} chars  ${Progress.clock(audioSeconds)} audio  ETA ${eta}`;
    process.stderr.write(this.tty ? `\r\x1b[K${line}` : `${line}\n`);
  }
}
