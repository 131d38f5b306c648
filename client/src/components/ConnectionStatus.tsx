import { useSessionState } from '../board/sessionContext.tsx';

const LABELS = {
  connected: { text: 'Connected', detail: 'Changes are shared live.' },
  reconnecting: { text: 'Reconnecting…', detail: 'Your changes are kept on this device and sent when the connection is back.' },
  offline: { text: 'Offline', detail: 'You can keep working; changes are saved on this device and merged when you are back online.' },
} as const;

export function ConnectionStatus() {
  const status = useSessionState((state) => state.connection);
  const label = LABELS[status];
  return (
    <div className={`connection-status ${status}`} data-testid="connection-status" data-status={status} role="status" title={label.detail}>
      <span className="status-dot" aria-hidden="true" />
      <span>{label.text}</span>
      <span className="visually-hidden">. {label.detail}</span>
    </div>
  );
}
