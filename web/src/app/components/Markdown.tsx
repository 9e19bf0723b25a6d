/**
 * A small, safe Markdown renderer for texts from the API (terms of use, service owners' conditions).
 *
 * It builds React elements — never HTML strings — so nothing in the text can inject markup or script. Supported:
 * headings, paragraphs, block quotes, bulleted and numbered lists, fenced code, rules, and inline **bold**, *italic*,
 * `code` and [links](https://…) (only http(s) and mailto links become links; anything else stays text).
 */
import { Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'list'; ordered: boolean; items: Block[][] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s*)([-*+])\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,9})[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^\s*(```|~~~)/;

function listItem(line: string): { ordered: boolean; indent: number; text: string } | null {
  const b = BULLET.exec(line);
  if (b) return { ordered: false, indent: b[1].length, text: b[3] };
  const n = NUMBERED.exec(line);
  if (n) return { ordered: true, indent: n[1].length, text: n[3] };
  return null;
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const fence = FENCE.exec(line)![1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence)) body.push(lines[i++]);
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', level: h[1].length, text: h[2] });
      i++;
      continue;
    }
    if (RULE.test(line) && !listItem(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) inner.push(lines[i++].replace(/^\s*>\s?/, ''));
      blocks.push({ kind: 'quote', blocks: parseMarkdown(inner.join('\n')) });
      continue;
    }
    const first = listItem(line);
    if (first) {
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i];
        const item = listItem(l);
        if (item && item.indent <= first.indent + 1 && item.ordered === first.ordered) {
          items.push([item.text]);
          i++;
        } else if (l.trim() !== '' && (/^\s{2,}/.test(l) || (!item && !HEADING.test(l) && !/^\s*>/.test(l)))) {
          // continuation (indented, nested list or a lazy line)
          items[items.length - 1].push(l.replace(/^\s{2,4}/, ''));
          i++;
        } else if (l.trim() === '' && i + 1 < lines.length && (listItem(lines[i + 1])?.ordered === first.ordered || /^\s{2,}\S/.test(lines[i + 1]))) {
          items[items.length - 1].push('');
          i++;
        } else break;
      }
      blocks.push({ kind: 'list', ordered: first.ordered, items: items.map((it) => parseMarkdown(it.join('\n'))) });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() !== '' &&
      !HEADING.test(lines[i]) &&
      !FENCE.test(lines[i]) &&
      !/^\s*>/.test(lines[i]) &&
      !(para.length > 0 && listItem(lines[i]))
    ) {
      para.push(lines[i].trim());
      i++;
    }
    blocks.push({ kind: 'paragraph', text: para.join(' ') });
  }
  return blocks;
}

const INLINE = /(`+)([^`]+?)\1|\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|_(?!\s)(.+?)_(?![\p{L}\p{N}])|\[([^\]]+)\]\(([^)\s]+)\)/u;

function safeHref(url: string): string | null {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest.length > 0) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const key = `${keyPrefix}-${n++}`;
    if (m[2] !== undefined) out.push(<code key={key}>{m[2]}</code>);
    else if (m[3] !== undefined || m[4] !== undefined) out.push(<strong key={key}>{renderInline(m[3] ?? m[4], key)}</strong>);
    else if (m[5] !== undefined || m[6] !== undefined) out.push(<em key={key}>{renderInline(m[5] ?? m[6], key)}</em>);
    else if (m[7] !== undefined) {
      const href = safeHref(m[8]);
      out.push(
        href ? (
          <Link key={key} href={href} rel="noopener noreferrer" target={href.startsWith('mailto:') ? undefined : '_blank'}>
            {renderInline(m[7], key)}
          </Link>
        ) : (
          <span key={key}>{renderInline(m[7], key)}</span>
        ),
      );
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

const HEADING_SIZE = ['sm', 'xs', '2xs', '2xs', '2xs', '2xs'] as const;

function renderBlocks(blocks: Block[], headingOffset: number, prefix: string): ReactNode[] {
  return blocks.map((b, idx) => {
    const key = `${prefix}${idx}`;
    switch (b.kind) {
      case 'heading': {
        const level = Math.min(6, b.level + headingOffset) as 1 | 2 | 3 | 4 | 5 | 6;
        return (
          <Heading key={key} level={level} data-size={HEADING_SIZE[Math.min(5, b.level - 1)]}>
            {renderInline(b.text, key)}
          </Heading>
        );
      }
      case 'paragraph':
        return <Paragraph key={key}>{renderInline(b.text, key)}</Paragraph>;
      case 'quote':
        return (
          <blockquote key={key} className="md-quote">
            {renderBlocks(b.blocks, headingOffset, `${key}-`)}
          </blockquote>
        );
      case 'list': {
        const Tag = b.ordered ? 'ol' : 'ul';
        return (
          <Tag key={key} className="md-list">
            {b.items.map((item, j) => {
              // A single paragraph renders inline, without a <p> margin.
              const only = item.length === 1 && item[0].kind === 'paragraph' ? item[0] : null;
              return <li key={j}>{only ? renderInline(only.text, `${key}-${j}`) : renderBlocks(item, headingOffset, `${key}-${j}-`)}</li>;
            })}
          </Tag>
        );
      }
      case 'code':
        return (
          <pre key={key} className="md-code">
            <code>{b.text}</code>
          </pre>
        );
      case 'rule':
        return <hr key={key} className="md-rule" />;
    }
  });
}

type Props = {
  text: string;
  /** Added to Markdown heading levels: `#` becomes h(1 + offset). Default 1 (the page has its own h1). */
  headingOffset?: number;
  className?: string;
  'data-testid'?: string;
};

/** Markdown from the API as React elements (no raw HTML). */
export function Markdown({ text, headingOffset = 1, className, 'data-testid': testId }: Props) {
  return (
    <div className={['markdown', className].filter(Boolean).join(' ')} data-testid={testId}>
      {renderBlocks(parseMarkdown(text), headingOffset, 'b')}
    </div>
  );
}
