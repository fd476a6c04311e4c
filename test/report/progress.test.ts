import { describe, expect, it } from 'vitest';
import { createProgress, progressEnabled } from '../../src/report/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 80, writes, write: (s: string) => writes.push(s) };
}

describe('progress', () => {
  it('is silent when stderr is not a TTY or CI is set', () => {
    for (const [tty, env] of [
      [false, {}],
      [true, { CI: 'true' }],
      [true, { CI: '1' }],
    ] as const) {
      const s = stream(tty);
      const p = createProgress({ stream: s, env });
      p.start('extracting', 10);
      p.tick(5);
      p.done();
      expect(p.enabled).toBe(false);
      expect(s.writes).toEqual([]);
    }
    expect(progressEnabled({ isTTY: true, write: () => 0 }, { CI: 'false' })).toBe(true);
    expect(progressEnabled({ isTTY: true, write: () => 0 }, { CI: '' })).toBe(true);
  });

  it('draws files done / total, throttled, and clears the line at the end', () => {
    const s = stream(true);
    let now = 0;
    const p = createProgress({ stream: s, env: {}, intervalMs: 100, now: () => now });
    p.start('extracting', 2000);
    for (let i = 0; i < 2000; i++) {
      now += 1;
      p.tick();
    }
    p.done();
    const frames = s.writes.slice(0, -1);
    expect(frames[0]).toBe('\r\x1b[2Ksqlwarden: extracting 0/2000 files');
    // 2000 ticks over 2000 ms at one frame per 100 ms: about 20 frames, not 2000.
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.length).toBeLessThanOrEqual(22);
    expect(frames.at(-1)).toMatch(/sqlwarden: extracting (19\d\d|2000)\/2000 files$/);
    expect(s.writes.at(-1)).toBe('\r\x1b[2K');
    p.done();
    expect(s.writes.at(-1)).toBe('\r\x1b[2K');
    expect(s.writes.filter((w) => w === '\r\x1b[2K')).toHaveLength(1);
  });

  it('never counts past the total and fits the terminal width', () => {
    const s = { ...stream(true), columns: 20 };
    const p = createProgress({ stream: s, env: {}, intervalMs: 0, now: () => 0 });
    p.start('parsing', 3, 'queries');
    p.tick(10);
    expect(s.writes.at(-1)).toBe('\r\x1b[2K' + 'sqlwarden: parsing 3/3 queries'.slice(0, 19));
  });
});
