/**
 * The column headers both panels' tables share. Roles are spelled out because the
 * stacked (card) layout restyles rows and cells, and some browsers drop a table's
 * semantics when its parts stop being displayed as a table.
 */
import type { ReactNode } from 'react';

export default function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {columns.map((c) => (
          <th key={c} scope="col" role="columnheader">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A body cell that knows its column's name: the stacked layout shows it as the field's label. */
export function Cell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <td role="cell" data-label={label} className={className}>
      {children}
    </td>
  );
}
