/** Who is logged in, shared with every screen; the CSRF token goes to the API client. */

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setCsrfToken } from '../api/client';
import { authApi } from '../api/endpoints';
import type { User } from '../api/types';

interface SessionValue {
  user: User | null;
  checking: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    authApi
      .session()
      .then((result) => {
        setCsrfToken(result.csrf_token);
        setUser(result.user);
      })
      .catch(() => setUser(null))
      .finally(() => setChecking(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await authApi.login(username, password);
    setCsrfToken(result.csrf_token);
    setUser(result.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, checking, login, logout }), [user, checking, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function hasRole(user: User | null, ...roles: string[]): boolean {
  if (!user) return false;
  return user.roles.includes('admin') || roles.some((role) => user.roles.includes(role));
}

export function userName(user: User | null): string {
  return user ? user.display_name || user.username : '';
}
