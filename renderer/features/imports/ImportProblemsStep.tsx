import type { CellProblemView, ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { useApi } from '../../api/api-context.ts';
import { formatCount } from '../../app/format.ts';
import { ProblemsTable } from '../../components/ProblemsTable.tsx';
import { finishDownload } from '../files/deliver-file.ts';

type Problem = CellProblemView & { kind: string };
const fieldColumn = [{ header: 'Field', cell: (p: Problem) => p.field ?? '—' }];

/** Errors and warnings by row and column; errors block the import until the file or the mapping is fixed. */
export function ImportProblemsStep({ summary }: { summary: ImportPlanSummary }) {
  const api = useApi();
  const { errors, warnings } = summary;
  const total = errors + warnings;
  const problems: Problem[] = summary.problems.map((p) => ({ ...p, kind: p.code }));
  const download = async (): Promise<string | null> => finishDownload(await api.call('imports.problemsCsv', { planId: summary.planId }));

  return (
    <div className="import-step" data-testid="import-problems">
      {errors > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="import-blocked">
          {errors === 1 ? '1 error blocks' : `${formatCount(errors)} errors block`} the import. Correct the values in the file and choose it again, change the mapping (skip a column), or change how values are read.
        </div>
      ) : total > 0 ? (
        <div className="notice notice-warning">{formatCount(warnings)} warning{warnings === 1 ? '' : 's'}: the import can go ahead, but check them first.</div>
      ) : (
        <div className="notice notice-ok">No problems found.</div>
      )}
      {total > 0 ? <ProblemsTable problems={problems} total={total} extraColumns={fieldColumn} download={download} fileRowLabel="header" rowTestId="import-problem" kindLabel={(code) => code.replaceAll('-', ' ')} /> : null}
    </div>
  );
}
