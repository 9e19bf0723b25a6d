type Props = {
  value: number;
  max: number;
  /** Read by screen readers, e.g. "1 of 2 vendors have accepted". */
  label: string;
  'data-testid'?: string;
};

/** A horizontal bar showing `value` of `max` (e.g. acceptances of a terms version, steps done). */
export function ProgressBar({ value, max, label, 'data-testid': testId }: Props) {
  const pct = max > 0 ? Math.max(0, Math.min(100, Math.round((value / max) * 100))) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={label}
      aria-label={label}
      data-testid={testId}
      data-value={value}
      data-max={max}
    >
      <div className={`progress__fill${pct === 100 ? ' progress__fill--done' : ''}`} style={{ width: `${pct}%` }} />
    </div>
  );
}
