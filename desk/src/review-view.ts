import { Q, type Api, type Locale, type Task } from './api';
import { fragment, h } from './dom';
import { t } from './i18n';
import { languageName } from './queue-view';
import { sanitizeHtml } from './sanitize';

export interface ReviewContext {
  api: Api;
  locales: Locale[];
  say: (message: string) => void;
  back: () => void;
}

/** The review list of an EDITOR key: submitted translations, each opening into a decision. */
export function reviewList(tasks: Task[], open: (task: Task) => void): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'review-title', class: 'review' },
    h('h2', { id: 'review-title' }, t('review'), ' ', h('span', { class: 'count' }, t('tasks', { count: tasks.length }))),
    tasks.length
      ? h(
          'ul',
          { class: 'tasks', id: 'review-list' },
          ...tasks.map((task) =>
            h(
              'li',
              { class: 'task', 'data-article': task.article.id },
              h('span', { class: 'badge' }, task.locale ?? ''),
              h(
                'button',
                { type: 'button', class: 'link', 'aria-label': t('reviewOpen', { title: task.translation?.title ?? task.source.title }), onclick: () => open(task) },
                h('span', { lang: task.locale, dir: (task.translation?.direction ?? 'LTR').toLowerCase() }, task.translation?.title ?? ''),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, t('emptyReview')),
  );
}

function pane(id: string, heading: string, text: NonNullable<Task['translation']>): HTMLElement {
  return h(
    'section',
    { class: 'pane', 'aria-labelledby': id },
    h('h2', { id }, heading),
    h('div', { lang: text.locale, dir: text.direction.toLowerCase() }, h('h3', {}, text.title), text.summary ? h('p', { class: 'summary' }, text.summary) : null, h('div', { class: 'body' }, fragment(sanitizeHtml(text.bodyHtml ?? '')))),
  );
}

/** Source and submitted translation side by side, a comment, approve or send back. */
export function reviewItem(task: Task, ctx: ReviewContext): HTMLElement {
  const locale = task.locale ?? task.translation!.locale;
  const comment = h('textarea', { id: 'review-comment', rows: 3 });
  const decide = async (decision: 'APPROVE' | 'REJECT') => {
    try {
      await ctx.api.request(Q.decide, { id: task.article.id, locale, decision, comment: comment.value.trim() || null });
      ctx.say(t(decision === 'APPROVE' ? 'approved' : 'rejected'));
      ctx.back();
    } catch (error) {
      ctx.say(t('error', { message: error instanceof Error ? error.message : String(error) }));
    }
  };
  return h(
    'div',
    { class: 'task-view' },
    h('button', { type: 'button', class: 'back', onclick: () => ctx.back() }, t('back')),
    h(
      'div',
      { class: 'side-by-side' },
      pane('rv-source', t('source', { language: languageName(ctx.locales, task.source.locale) }), task.source),
      pane('rv-target', t('translation', { language: languageName(ctx.locales, locale) }), task.translation!),
    ),
    h('label', { for: 'review-comment' }, t('reviewComment')),
    comment,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', id: 'approve', class: 'primary', onclick: () => void decide('APPROVE') }, t('approve')),
      h('button', { type: 'button', id: 'reject', onclick: () => void decide('REJECT') }, t('reject')),
    ),
  );
}
