/** A command's text for a <pre>: each word kept whole (see command-words.ts), so it wraps between arguments. */
import { commandParts } from './command-words.ts';

/** Inline, so every block that shows a command gets the same wrapping without a shared stylesheet. */
const WORD = { display: 'inline-block', maxWidth: '100%' } as const;

export default function CommandText({ command }: { command: string }) {
  return (
    <>
      {commandParts(command).map((part, i) =>
        part.word ? (
          <span key={i} className="cmd-word" style={WORD}>
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
