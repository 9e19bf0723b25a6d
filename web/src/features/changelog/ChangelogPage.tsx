import { Button, Card, Dialog, Heading, Paragraph, Tabs, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useAction, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { isoToLocal, localToIso } from '../notices/time.ts';
import { cancelMeeting, createMeeting, createPost, deletePost, editMeeting, editPost, listMeetings, listPosts, ROADMAP_STATES } from './api.ts';
import type { MeetingView, PostKind, PostView } from './api.ts';
import { changelogMessages } from './messages.ts';
import './changelog.css';

type Tab = PostKind | 'meetings';
type RoadmapState = (typeof ROADMAP_STATES)[number];

/** `/changelog`: change log, roadmap board, production releases (S-3.4) and meetings with service owners (S-3.3). */
export default function ChangelogPage() {
  const { t } = useMessages(changelogMessages);
  const session = useRequiredSession();
  const canEdit = hasRole(session, OPERATOR_ROLES);
  const [tab, setTab] = useState<Tab>('changelog');
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('cl.title')} lead={t('cl.lead')} />
      <ClauseTags ids={['S-3.3', 'S-3.4']} />
      <Tabs value={tab} onChange={(v) => setTab(v as Tab)} data-testid="changelog-tabs">
        <Tabs.List>
          {(['changelog', 'roadmap', 'release', 'meetings'] as const).map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`changelog-tab-${k}`}>
              {t(`cl.tab.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="changelog" className="tab-panel">
          {tab === 'changelog' && <PostList kind="changelog" canEdit={canEdit} />}
        </Tabs.Panel>
        <Tabs.Panel value="roadmap" className="tab-panel">
          {tab === 'roadmap' && <PostList kind="roadmap" canEdit={canEdit} />}
        </Tabs.Panel>
        <Tabs.Panel value="release" className="tab-panel">
          {tab === 'release' && <PostList kind="release" canEdit={canEdit} />}
        </Tabs.Panel>
        <Tabs.Panel value="meetings" className="tab-panel">
          {tab === 'meetings' && <Meetings canEdit={canEdit} />}
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}

const text = (lang: 'nb' | 'en', nb: string, en: string | null) => (lang === 'en' && en ? en : nb);

function PostList({ kind, canEdit }: { kind: PostKind; canEdit: boolean }) {
  const { t, lang } = useMessages(changelogMessages);
  const list = useQuery((signal) => listPosts(kind, signal), [kind]);
  const [editing, setEditing] = useState<PostView | 'new' | null>(null);
  const remove = useConfirmAction(async (p: PostView) => {
    await deletePost(p.id);
    list.reload();
  });
  const card = (p: PostView) => (
    <Card key={p.id} data-testid={`post-${p.id}`} data-kind={p.kind}>
      <Heading level={3} data-size="xs">
        {p.version && <Tag data-size="sm">{p.version}</Tag>} {text(lang, p.title, p.titleEn)}
      </Heading>
      {p.target && <Paragraph data-size="sm">{`${t('cl.target')}: ${p.target}`}</Paragraph>}
      <Paragraph>{text(lang, p.body, p.bodyEn)}</Paragraph>
      <Paragraph data-size="sm" className="muted">
        {t('cl.published', { date: formatDate(p.publishedAt) })}
        {p.components.length > 0 && ` · ${t('cl.components', { list: p.components.join(', ') })}`}
      </Paragraph>
      {canEdit && (
        <div className="button-row">
          <Button variant="secondary" data-size="sm" onClick={() => setEditing(p)} data-testid={`post-edit-${p.id}`}>
            {t('cl.edit')}
          </Button>
          <Button variant="tertiary" data-size="sm" onClick={() => remove.ask(p)} data-testid={`post-delete-${p.id}`}>
            {t('cl.delete')}
          </Button>
        </div>
      )}
    </Card>
  );
  return (
    <div className="stack">
      {canEdit && (
        <div>
          <Button onClick={() => setEditing('new')} data-testid={`post-new-${kind}`}>
            {t(`cl.new.${kind}`)}
          </Button>
        </div>
      )}
      <QueryView query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Paragraph>{t('cl.empty')}</Paragraph>
          ) : kind === 'roadmap' ? (
            <div className="roadmap-board" data-testid="roadmap-board">
              {ROADMAP_STATES.map((s) => (
                <section key={s} className="roadmap-column stack" data-state={s} data-testid={`roadmap-${s}`}>
                  <Heading level={2} data-size="xs">
                    {t(`roadmap.${s}`)}
                  </Heading>
                  {data.items.filter((p) => (p.roadmapState ?? 'planned') === s).map(card)}
                </section>
              ))}
            </div>
          ) : (
            <div className="stack">{data.items.map(card)}</div>
          )
        }
      </QueryView>
      {editing && (
        <PostDialog
          kind={kind}
          post={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      <ConfirmAction state={remove} title={t('cl.delete')} body={(p) => t('cl.deleteConfirm', { title: p.title })} confirmLabel={t('cl.delete')} />
    </div>
  );
}

function PostDialog({ kind, post, onClose, onSaved }: { kind: PostKind; post: PostView | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useMessages(changelogMessages);
  const [title, setTitle] = useState(post?.title ?? '');
  const [body, setBody] = useState(post?.body ?? '');
  const [titleEn, setTitleEn] = useState(post?.titleEn ?? '');
  const [bodyEn, setBodyEn] = useState(post?.bodyEn ?? '');
  const [components, setComponents] = useState(post?.components.join(', ') ?? '');
  const [version, setVersion] = useState(post?.version ?? '');
  const [target, setTarget] = useState(post?.target ?? '');
  const [state, setState] = useState<RoadmapState>((post?.roadmapState as RoadmapState | null) ?? 'planned');
  const save = useAction(async () => {
    const common = {
      title: title.trim(),
      body,
      titleEn: titleEn.trim() || null,
      bodyEn: bodyEn.trim() || null,
      components: components
        .split(/[,\s]+/)
        .map((c) => c.trim())
        .filter(Boolean),
      ...(kind === 'release' ? { version: version.trim() } : {}),
      ...(kind === 'roadmap' ? { roadmapState: state, target: target.trim() || null } : {}),
    };
    return post ? editPost(post.id, common) : createPost({ kind, ...common });
  });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (await save.run()) onSaved();
  }
  const err = (f: string) => save.error?.fieldError(f);
  return (
    <TitledDialog open onClose={onClose} title={post ? t('cl.edit') : t(`cl.new.${kind}`)} data-testid="post-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <ProblemAlert error={save.error} fields={['title', 'body', 'version', 'target', 'roadmapState', 'components']} />
          <Textfield label={t('cl.fieldTitle')} required value={title} onChange={(e) => setTitle(e.target.value)} error={err('title')} data-testid="post-title" />
          <Textfield label={t('cl.body')} multiline rows={3} value={body} onChange={(e) => setBody(e.target.value)} error={err('body')} data-testid="post-body" />
          <Textfield label={t('cl.titleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} />
          <Textfield label={t('cl.bodyEn')} multiline rows={2} value={bodyEn} onChange={(e) => setBodyEn(e.target.value)} />
          {kind === 'release' && <Textfield label={t('cl.version')} required value={version} onChange={(e) => setVersion(e.target.value)} error={err('version')} data-testid="post-version" />}
          {kind === 'roadmap' && (
            <>
              <SelectField
                label={t('cl.state')}
                value={state}
                onChange={(e) => setState(e.target.value as RoadmapState)}
                options={ROADMAP_STATES.map((s) => ({ value: s, label: t(`roadmap.${s}`) }))}
                error={err('roadmapState')}
                data-testid="post-state"
              />
              <Textfield label={t('cl.target')} description={t('cl.targetHint')} value={target} onChange={(e) => setTarget(e.target.value)} error={err('target')} data-testid="post-target" />
            </>
          )}
          <Textfield label={t('cl.componentsField')} value={components} onChange={(e) => setComponents(e.target.value)} error={err('components')} />
          <FormActions submit={t('cl.save')} busy={save.busy} onCancel={onClose} data-testid="post-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

function Meetings({ canEdit }: { canEdit: boolean }) {
  const { t } = useMessages(changelogMessages);
  const [from] = useState(() => new Date(Date.now() - 30 * 86_400_000).toISOString());
  const list = useQuery((signal) => listMeetings(from, signal), [from]);
  const [editing, setEditing] = useState<MeetingView | 'new' | null>(null);
  const cancel = useConfirmAction(async (m: MeetingView) => {
    await cancelMeeting(m.id);
    list.reload();
  });
  return (
    <div className="stack">
      <div className="button-row">
        {canEdit && (
          <Button onClick={() => setEditing('new')} data-testid="meeting-new">
            {t('cl.new.meeting')}
          </Button>
        )}
        <a href="/status/meetings.ics" data-testid="meetings-ics">
          {t('m.ics')}
        </a>
      </div>
      <QueryView query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Paragraph>{t('cl.empty')}</Paragraph>
          ) : (
            <div className="stack">
              {data.items.map((m) => (
                <Card key={m.id} data-testid={`meeting-${m.id}`} data-cancelled={String(m.cancelled)}>
                  <Heading level={3} data-size="xs">
                    {m.cancelled && (
                      <Tag data-color="danger" data-size="sm">
                        {t('m.cancelled')}
                      </Tag>
                    )}{' '}
                    {m.title}
                  </Heading>
                  <Paragraph data-size="sm">
                    {t('m.when', { start: formatDateTime(m.startsAt), end: formatDateTime(m.endsAt) })}
                    {m.location && ` · ${m.location}`}
                    {m.sequence > 0 && <span className="muted"> · {t('m.version', { n: m.sequence + 1 })}</span>}
                  </Paragraph>
                  {m.description && <Paragraph>{m.description}</Paragraph>}
                  {m.url && (
                    <a href={m.url} rel="noopener noreferrer" target="_blank">
                      {m.url}
                    </a>
                  )}
                  {canEdit && !m.cancelled && (
                    <div className="button-row">
                      <Button variant="secondary" data-size="sm" onClick={() => setEditing(m)} data-testid={`meeting-edit-${m.id}`}>
                        {t('cl.edit')}
                      </Button>
                      <Button variant="tertiary" data-size="sm" onClick={() => cancel.ask(m)} data-testid={`meeting-cancel-${m.id}`}>
                        {t('m.cancel')}
                      </Button>
                    </div>
                  )}
                </Card>
              ))}
            </div>
          )
        }
      </QueryView>
      {editing && (
        <MeetingDialog
          meeting={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      <ConfirmAction state={cancel} title={t('m.cancel')} body={(m) => t('m.cancelConfirm', { title: m.title })} confirmLabel={t('m.cancel')} />
    </div>
  );
}

function MeetingDialog({ meeting, onClose, onSaved }: { meeting: MeetingView | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useMessages(changelogMessages);
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [description, setDescription] = useState(meeting?.description ?? '');
  const [startsAt, setStartsAt] = useState(isoToLocal(meeting?.startsAt));
  const [endsAt, setEndsAt] = useState(isoToLocal(meeting?.endsAt));
  const [location, setLocation] = useState(meeting?.location ?? '');
  const [url, setUrl] = useState(meeting?.url ?? '');
  const save = useAction(async () => {
    const body = {
      title: title.trim(),
      description,
      startsAt: localToIso(startsAt) ?? '',
      endsAt: localToIso(endsAt) ?? '',
      location: location.trim() || null,
      url: url.trim() || null,
    };
    return meeting ? editMeeting(meeting.id, body) : createMeeting(body);
  });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (await save.run()) onSaved();
  }
  const err = (f: string) => save.error?.fieldError(f);
  return (
    <TitledDialog open onClose={onClose} title={meeting ? t('cl.edit') : t('cl.new.meeting')} data-testid="meeting-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <ProblemAlert error={save.error} fields={['title', 'description', 'startsAt', 'endsAt', 'location', 'url']} />
          <Textfield label={t('cl.fieldTitle')} required value={title} onChange={(e) => setTitle(e.target.value)} error={err('title')} data-testid="meeting-title" />
          <Textfield label={t('m.description')} multiline rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={err('description')} />
          <div className="form-grid">
            <Textfield label={t('m.startsAt')} type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={err('startsAt')} data-testid="meeting-starts-at" />
            <Textfield label={t('m.endsAt')} type="datetime-local" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={err('endsAt')} data-testid="meeting-ends-at" />
          </div>
          <Textfield label={t('m.location')} value={location} onChange={(e) => setLocation(e.target.value)} error={err('location')} />
          <Textfield label={t('m.url')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={err('url')} />
          <FormActions submit={t('cl.save')} busy={save.busy} onCancel={onClose} data-testid="meeting-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}
