import './style.css';
import { Api, ApiError, Q, type Coverage, type Locale, type Task, type Viewer } from './api';
import { h, replace } from './dom';
import { language, startI18n, switchLanguage, t, UI_LANGUAGES } from './i18n';
import { filters as queueViewFilters, queueView } from './queue-view';
import { reviewItem, reviewList } from './review-view';
import { TaskView } from './task-view';

const KEY = 'newsdesk.desk.key';
const top = document.getElementById('top')!;
const main = document.getElementById('main')!;
const status = document.getElementById('status')!;

interface Session {
  api: Api;
  viewer: Viewer;
  locales: Locale[];
  sections: { slug: string; name: string }[];
  workLocale: string;
  section: string;
  tab: 'queue' | 'review';
  tasks: Task[];
  total: number;
  coverage: Coverage[];
  review: Task[];
  open: TaskView | Task | null;
  unsubscribe: (() => void)[];
}

let session: Session | null = null;

const say = (message: string) => {
  status.textContent = message;
};
const isEditor = (v: Viewer) => v.role === 'EDITOR' || v.role === 'ADMIN';
const errorText = (error: unknown) => t('error', { message: error instanceof Error ? error.message : String(error) });

function header(): void {
  const picker = h(
    'select',
    { id: 'ui-language', onchange: (e: Event) => void switchLanguage((e.target as HTMLSelectElement).value).then(() => render()) },
    ...UI_LANGUAGES.map((code) => h('option', { value: code, selected: code === language(), lang: code }, session?.locales.find((l) => l.code === code)?.nativeName ?? code)),
  );
  replace(
    top,
    h('h1', {}, t('title')),
    h('div', { class: 'ui-language' }, h('label', { for: 'ui-language' }, t('interfaceLanguage')), picker),
    session
      ? h('p', { class: 'who' }, t('signedInAs', { name: session.viewer.name, role: session.viewer.role }), ' ',
          h('button', { type: 'button', id: 'sign-out', onclick: signOut }, t('signOut')))
      : null,
  );
  document.getElementById('skip-link')!.textContent = t('skip');
}

function signInForm(message = ''): HTMLElement {
  const input = h('input', { id: 'key', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'key-help' });
  return h(
    'form',
    { class: 'sign-in', onsubmit: (e: Event) => { e.preventDefault(); void signIn(input.value.trim()); } },
    h('label', { for: 'key' }, t('keyLabel')),
    input,
    h('p', { id: 'key-help', class: 'help' }, t('keyHelp')),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, t('signIn')),
  );
}

async function signIn(key: string): Promise<void> {
  if (!key) return;
  const api = new Api(key, language);
  try {
    const start = await api.request<{ viewer: Viewer | null; locales: Locale[]; sections: { slug: string; name: string }[] }>(Q.start);
    if (!start.viewer) throw new ApiError(t('badKey'), 'UNAUTHENTICATED', {});
    localStorage.setItem(KEY, key);
    const workLocales = workLocalesOf(start.viewer, start.locales);
    session = { api, viewer: start.viewer, locales: start.locales, sections: start.sections, workLocale: workLocales[0] ?? 'en', section: '', tab: 'queue', tasks: [], total: 0, coverage: [], review: [], open: null, unsubscribe: [] };
    listen(); // before the first read, so nothing that happens meanwhile goes unheard
    await refresh();
  } catch (error) {
    localStorage.removeItem(KEY);
    session = null;
    render(error instanceof ApiError && error.code === 'UNAUTHENTICATED' ? t('badKey') : errorText(error));
  }
}

function signOut(): void {
  session?.unsubscribe.forEach((stop) => stop());
  session?.api.close();
  session = null;
  localStorage.removeItem(KEY);
  render();
}

const workLocalesOf = (v: Viewer, locales: Locale[]) => (v.role === 'TRANSLATOR' ? v.locales : locales.map((l) => l.code));

/** Lists and coverage, read again (after sign-in, a filter change, an event from another desk). */
async function refresh(): Promise<void> {
  const s = session!;
  const section = s.section || null;
  const [queue, coverage, review] = await Promise.all([
    s.api.request<{ translationQueue: { totalCount: number; edges: { node: Task }[] } }>(Q.queue, { locale: s.workLocale, section }),
    s.api.request<{ translationCoverage: Coverage[] }>(Q.coverage, { section }),
    isEditor(s.viewer) ? s.api.request<{ reviewQueue: { edges: { node: Task }[] } }>(Q.review, { locale: s.workLocale, section }) : null,
  ]);
  s.tasks = queue.translationQueue.edges.map((e) => e.node);
  s.total = queue.translationQueue.totalCount;
  s.coverage = coverage.translationCoverage;
  s.review = review?.reviewQueue.edges.map((e) => e.node) ?? [];
  if (!s.open) render();
}

/** Live updates: another desk's claim, submission or review, and new work, refresh the lists. */
function listen(): void {
  const s = session!;
  s.unsubscribe.forEach((stop) => stop());
  const again = () => void refresh().catch((error: unknown) => say(errorText(error)));
  const lost = () => say(t('liveOff'));
  s.unsubscribe = [
    s.api.subscribe(Q.changed, { locale: s.workLocale }, again, lost),
    s.api.subscribe(Q.needed, { locale: s.workLocale }, again, lost),
  ];
}

async function findTask(articleId: string): Promise<Task | null> {
  const s = session!;
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const res: { translationQueue: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Task }[] } } =
      await s.api.request(Q.queue, { locale: s.workLocale, section: null, after });
    const found = res.translationQueue.edges.find((e) => e.node.article.id === articleId);
    if (found) return found.node;
    if (!res.translationQueue.pageInfo.hasNextPage) return null;
    after = res.translationQueue.pageInfo.endCursor;
  }
  return null;
}

function closeTask(): void {
  const s = session!;
  if (s.open instanceof TaskView) s.open.dispose();
  s.open = null;
  void refresh().catch((error: unknown) => say(errorText(error)));
  render();
}

function openTask(task: Task): void {
  const s = session!;
  const view = new TaskView(task, { api: s.api, locales: s.locales, locale: s.workLocale, me: s.viewer.name, say, back: closeTask, reload: findTask });
  s.open = view;
  render();
  view.loadHelp();
}

function tabs(s: Session): HTMLElement | null {
  if (!isEditor(s.viewer)) return null;
  const tab = (id: 'queue' | 'review', label: string) =>
    h('button', { type: 'button', id: `tab-${id}`, 'aria-pressed': String(s.tab === id), onclick: () => { s.tab = id; render(); } }, label);
  return h('nav', { class: 'tabs', 'aria-label': t('title') }, tab('queue', t('queue')), tab('review', t('review')));
}

function render(message = ''): void {
  header();
  const s = session;
  if (!s) return replace(main, signInForm(message));
  if (s.open instanceof TaskView) return replace(main, s.open.root);
  if (s.open) return replace(main, reviewItem(s.open, { api: s.api, locales: s.locales, say, back: closeTask }));
  const filters = {
    locales: s.locales,
    workLocales: workLocalesOf(s.viewer, s.locales),
    workLocale: s.workLocale,
    sections: s.sections,
    section: s.section,
    onLocale: (code: string) => { s.workLocale = code; listen(); void refresh(); },
    onSection: (slug: string) => { s.section = slug; void refresh(); },
  };
  const body =
    s.tab === 'review'
      ? h('div', {}, queueViewFilters(filters), reviewList(s.review, (task) => { s.open = task; render(); }))
      : queueView({ ...filters, coverage: s.coverage, tasks: s.tasks, total: s.total, me: s.viewer.name, onOpen: openTask });
  replace(main, tabs(s), body);
}

async function boot(): Promise<void> {
  await startI18n();
  const key = localStorage.getItem(KEY);
  if (key) await signIn(key);
  else render();
}

void boot();
