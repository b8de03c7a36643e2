/**
 * The review page's progress table, filled in from the progress kept in this browser, with
 * export to a file and import from one. Plain DOM over the HTML ProgressPanel.astro renders:
 * a table and two buttons need no React, so the review page downloads react-dom only when its
 * quiz scrolls into view (and then the very chunk the lesson pages use).
 */
import { downloadJson } from '../download.ts';
import { watchStorage } from '../storage-notice.ts';
import { exportProgress, importProgress, loadProgress, onProgressChange } from './progress.ts';

export interface LessonSummary {
  id: string;
  title: string;
  href: string;
  exercises: string[];
  questions: number;
}

/** Starts every progress table on the page (there is one, on the review page). */
export function startProgressPanels(root: ParentNode = document): void {
  for (const panel of root.querySelectorAll<HTMLElement>('[data-progress-panel]')) startPanel(panel);
}

function startPanel(panel: HTMLElement): void {
  const lessons = JSON.parse(panel.dataset['lessons'] ?? '[]') as LessonSummary[];
  const message = panel.querySelector<HTMLElement>('[data-message]')!;
  const file = panel.querySelector<HTMLInputElement>('input[type="file"]')!;
  // Progress the browser will not keep is shown as not kept (storage-notice.ts).
  watchStorage();
  const render = (): void => {
    const progress = loadProgress();
    for (const lesson of lessons) {
      const row = panel.querySelector<HTMLTableRowElement>(`tr[data-lesson="${CSS.escape(lesson.id)}"]`);
      if (!row) continue;
      const passed = lesson.exercises.filter((id) => id in progress.exercises).length;
      const quiz = progress.quizzes[lesson.id];
      row.querySelector('[data-exercises]')!.textContent = `${passed} of ${lesson.exercises.length}`;
      row.querySelector('[data-quiz]')!.textContent = quiz ? `${quiz.score} of ${quiz.total}` : 'not taken';
    }
  };
  render();
  onProgressChange(render);
  panel.querySelector('[data-export]')!.addEventListener('click', () => downloadJson('kms-lab-progress.json', exportProgress()));
  panel.querySelector('[data-import]')!.addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    void chosen.text().then(
      (text) => {
        try {
          importProgress(text, { lessons });
          message.textContent = 'Progress imported.';
        } catch (error) {
          message.textContent = (error as Error).message;
        }
        render();
      },
      (error: unknown) => {
        message.textContent = `The file could not be read (${(error as Error)?.message ?? String(error)}).`;
      },
    );
  });
}
