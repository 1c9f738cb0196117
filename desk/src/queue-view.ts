import type { Coverage, Locale, Task } from './api';
import { h, svg } from './dom';
import { t } from './i18n';
import { visibleTasks } from './logic';

export interface QueueProps {
  locales: Locale[];
  workLocales: string[];
  workLocale: string;
  sections: { slug: string; name: string }[];
  section: string;
  coverage: Coverage[];
  tasks: Task[];
  total: number;
  me: string;
  onLocale: (code: string) => void;
  onSection: (slug: string) => void;
  onOpen: (task: Task) => void;
}

export const languageName = (locales: Locale[], code: string): string => locales.find((l) => l.code === code)?.name ?? code;

/** The locale and section pickers shared by the queue and the review list. */
export function filters(p: Pick<QueueProps, 'locales' | 'workLocales' | 'workLocale' | 'sections' | 'section' | 'onLocale' | 'onSection'>): HTMLElement {
  const locale = h(
    'select',
    { id: 'work-locale', onchange: (e: Event) => p.onLocale((e.target as HTMLSelectElement).value) },
    ...p.workLocales.map((code) => h('option', { value: code, selected: code === p.workLocale }, `${languageName(p.locales, code)} (${code})`)),
  );
  const section = h(
    'select',
    { id: 'section', onchange: (e: Event) => p.onSection((e.target as HTMLSelectElement).value) },
    h('option', { value: '', selected: p.section === '' }, t('allSections')),
    ...p.sections.map((s) => h('option', { value: s.slug, selected: s.slug === p.section }, s.name)),
  );
  return h(
    'div',
    { class: 'filters' },
    h('label', { for: 'work-locale' }, t('workLocale')),
    locale,
    h('label', { for: 'section' }, t('section')),
    section,
  );
}

/** Coverage per locale as a small bar chart; each bar's figure is written beside it for every reader. */
export function coverageChart(locales: Locale[], coverage: Coverage[]): HTMLElement {
  return h(
    'section',
    { class: 'coverage', 'aria-labelledby': 'coverage-title' },
    h('h2', { id: 'coverage-title' }, t('coverage')),
    h(
      'ul',
      {},
      ...coverage.map((c) => {
        const label = t('coverageOf', { language: languageName(locales, c.locale), percent: c.percent.toLocaleString(document.documentElement.lang) });
        return h(
          'li',
          {},
          h('span', { class: 'cov-name' }, languageName(locales, c.locale)),
          svg('svg', { viewBox: '0 0 100 10', class: 'cov-bar', 'aria-hidden': 'true', focusable: 'false' }, svg('rect', { class: 'track', width: 100, height: 10 }), svg('rect', { class: 'fill', width: Math.max(0, Math.min(100, c.percent)), height: 10 })),
          h('span', { class: 'cov-figure' }, h('span', { class: 'visually-hidden' }, label), h('span', { 'aria-hidden': 'true' }, `${c.percent}%`)),
        );
      }),
    ),
  );
}


export function queueView(p: QueueProps): HTMLElement {
  const tasks = visibleTasks(p.tasks, p.me);
  return h(
    'div',
    { class: 'queue' },
    filters(p),
    coverageChart(p.locales, p.coverage),
    h(
      'section',
      { 'aria-labelledby': 'queue-title' },
      h('h2', { id: 'queue-title' }, t('queue'), ' ', h('span', { class: 'count' }, t('tasks', { count: tasks.length }))),
      tasks.length
        ? h(
            'ul',
            { class: 'tasks', id: 'task-list' },
            ...tasks.map((task) =>
              h(
                'li',
                { class: 'task', 'data-article': task.article.id },
                h('span', { class: `badge reason-${task.reason}` }, t(`reason${task.reason}`)),
                h(
                  'button',
                  { type: 'button', class: 'link', 'aria-label': t('open', { title: task.source.title }), onclick: () => p.onOpen(task) },
                  h('span', { lang: task.source.locale, dir: task.source.direction.toLowerCase() }, task.source.title),
                ),
                task.claimedBy ? h('span', { class: 'claimed' }, t('claimedBy', { name: task.claimedBy })) : null,
                task.reviewComment ? h('span', { class: 'comment' }, t('reviewCommentFrom', { comment: task.reviewComment })) : null,
              ),
            ),
          )
        : h('p', { class: 'empty' }, t('emptyQueue')),
    ),
  );
}
