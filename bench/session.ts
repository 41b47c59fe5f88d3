/** A dealer's or staff member's session against the API, as the web app holds it (cookie and CSRF token). */
export class Session {
  private cookie = '';
  /** The session's CSRF token, from the login answer: state changes on a session must show it. */
  private csrfToken = '';
  constructor(private readonly base: string) {}
  /** Another tab of the same logged-in browser (logins are rate-limited per address). */
  tab(): Session {
    const other = new Session(this.base);
    other.cookie = this.cookie;
    other.csrfToken = this.csrfToken;
    return other;
  }
  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        origin: this.base,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const answer = await response.json();
    if (typeof answer?.csrfToken === 'string') this.csrfToken = answer.csrfToken;
    return { status: response.status, body: answer };
  }
}
