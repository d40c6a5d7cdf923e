/** The keyboard's verbs of a view, as a legend. */
export function KeyHints({ keys }: { keys: readonly (readonly [key: string, what: string])[] }) {
  return (
    <dl className="keys">
      {keys.map(([key, what]) => (
        <div key={key}>
          <dt>
            <kbd>{key}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}
