/**
 * What the learner has done, per lesson, from the progress kept in this
 * browser; export to a file and import it elsewhere.
 */
import { useEffect, useRef, useState } from 'react';
import { downloadJson } from '../download.ts';
import { watchStorage } from '../storage-notice.ts';
import { exportProgress, importProgress, loadProgress, onProgressChange, type Progress } from './progress.ts';
import './course.css';

interface LessonSummary {
  id: string;
  title: string;
  href: string;
  exercises: string[];
  questions: number;
}

export default function ProgressPanel({ lessons }: { lessons: LessonSummary[] }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState('');
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    watchStorage();
    const sync = () => setProgress(loadProgress());
    sync();
    return onProgressChange(sync);
  }, []);


  const upload = async (chosen: File | undefined) => {
    if (!chosen) return;
    try {
      importProgress(await chosen.text(), { lessons });
      setMessage('Progress imported.');
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <div className="course-progress">
      <table>
        <caption className="visually-hidden">Progress by lesson</caption>
        <thead>
          <tr>
            <th scope="col">Lesson</th>
            <th scope="col">Exercises passed</th>
            <th scope="col">Quiz</th>
          </tr>
        </thead>
        <tbody>
          {lessons.map((lesson) => {
            const passed = lesson.exercises.filter((id) => progress && id in progress.exercises).length;
            const quiz = progress?.quizzes[lesson.id];
            return (
              <tr key={lesson.id}>
                <th scope="row">
                  <a href={lesson.href}>{lesson.title}</a>
                </th>
                <td>{progress ? `${passed} of ${lesson.exercises.length}` : '…'}</td>
                <td>{quiz ? `${quiz.score} of ${quiz.total}` : 'not taken'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="course-actions">
        <button type="button" onClick={() => downloadJson('kms-lab-progress.json', exportProgress())}>
          Export progress
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Import progress
        </button>
        <input ref={file} type="file" accept="application/json,.json" hidden onChange={(e) => void upload(e.target.files?.[0])} />
        <span role="status">{message}</span>
      </div>
    </div>
  );
}
