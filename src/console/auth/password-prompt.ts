import type { Readable, Writable } from 'node:stream';

/** A terminal input: stdin when it is a TTY (raw mode hides what is typed). */
export type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\u007f', '\b']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

/**
 * Reads one line from a terminal without echoing it. Raw mode delivers key presses one by one; the
 * typed characters are never written back.
 */
export function promptHidden(input: TtyInput, output: Writable, question: string): Promise<string> {
  output.write(question);
  input.setRawMode?.(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (err: Error | null, rest = ''): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      // Pasted input can hold the next answer too: keep it for the next prompt.
      if (rest) input.unshift(rest);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: string): void => {
      const chars = [...chunk];
      for (const [i, ch] of chars.entries()) {
        if (ENTER.has(ch))
          return finish(
            null,
            chars
              .slice(i + 1)
              .join('')
              .replace(/^\n/, ''),
          );
        if (ch === CTRL_C || ch === CTRL_D) return finish(new Error('cancelled'));
        if (BACKSPACE.has(ch)) typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}
