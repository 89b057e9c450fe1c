import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The signed-in customer, provided by the portal shell once `/api/auth/session` answered. */
export const SessionContext = createContext<{ customerId: string } | null>(null);

export function useCustomerId(): string {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCustomerId outside the signed-in shell');
  return session.customerId;
}
