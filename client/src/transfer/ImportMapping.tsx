import type { ImportOptions, ImportPreview } from './transferApi.ts';

const NOT_IMPORTED = '';
const SKIP = 'skip';

/** Column per field, and the lane for each value of the lane column: every choice re-runs the preview. */
export function ImportMapping({ preview, onChange, disabled }: { readonly preview: ImportPreview; readonly onChange: (options: ImportOptions) => void; readonly disabled: boolean }) {
  const { options } = preview;
  const columnNames = preview.columns.map((column) => column.name);
  const setColumn = (field: string, name: string) => onChange({ ...options, columns: { ...options.columns, [field]: name === NOT_IMPORTED ? [] : [name] } });
  const setLaneColumn = (name: string) => onChange({ ...options, laneColumn: name === NOT_IMPORTED ? null : name, lanes: {} });
  const setLane = (value: string, lane: string) => onChange({ ...options, lanes: { ...options.lanes, [value]: lane } });

  return (
    <>
      <fieldset className="import-section" disabled={disabled}>
        <legend>Columns</legend>
        <div className="import-columns">
          {preview.fields.map(({ field, label }) => {
            const chosen = options.columns[field] ?? [];
            const id = `import-field-${field}`;
            return (
              <div key={field} className="import-column">
                <label htmlFor={id}>{label}</label>
                <select id={id} value={chosen[0] ?? NOT_IMPORTED} onChange={(event) => setColumn(field, event.target.value)}>
                  <option value={NOT_IMPORTED}>Not imported</option>
                  {columnNames.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
                {chosen.length > 1 && <span className="field-hint">then {chosen.slice(1).join(', ')}</span>}
              </div>
            );
          })}
        </div>
      </fieldset>
      <fieldset className="import-section" disabled={disabled}>
        <legend>Lanes</legend>
        <div className="import-lane-controls">
          <div className="import-column">
            <label htmlFor="import-lane-column">Choose the lane by</label>
            <select id="import-lane-column" value={options.laneColumn ?? NOT_IMPORTED} onChange={(event) => setLaneColumn(event.target.value)}>
              <option value={NOT_IMPORTED}>Nothing: one lane for all</option>
              {columnNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox-field">
            <input type="checkbox" checked={options.skipDone} onChange={(event) => onChange({ ...options, skipDone: event.target.checked })} />
            Skip done issues
          </label>
        </div>
        <table className="import-lane-table" data-testid="import-lane-mapping">
          <thead>
            <tr>
              <th scope="col">{options.laneColumn ?? 'All rows'}</th>
              <th scope="col">Rows</th>
              <th scope="col">Lane</th>
            </tr>
          </thead>
          <tbody>
            {preview.laneValues.map(({ value, count, lane }) => {
              const label = options.laneColumn === null ? 'All rows' : value || '(empty)';
              return (
                <tr key={value}>
                  <th scope="row">{label}</th>
                  <td>{count}</td>
                  <td>
                    <select aria-label={`Lane for ${label}`} value={lane} onChange={(event) => setLane(value, event.target.value)}>
                      {preview.lanes.map((each) => (
                        <option key={each.id} value={each.id}>
                          {each.name}
                        </option>
                      ))}
                      <option value={SKIP}>Skip these rows</option>
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
    </>
  );
}
