import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * One screen on the change feed: a plain HTTP GET of /events/stream whose Server-Sent Events are
 * split by hand, keeping only each message's id (the log position) and when it arrived. Thousands
 * of them share the load generator's process, so each is as light as a client can be: the
 * `eventsource` package would add a fetch stream, a parser and event dispatch per connection.
 */
export class SseClient {
  /** [position, performance.now() on arrival] of each message, while recording. */
  readonly arrivals: [string, number][] = [];
  recording = false;
  private pending = '';

  private constructor(private readonly request: http.ClientRequest) {}

  /** Connects and resolves once the feed has answered 200 (its headers are in). */
  static open(url: string, token: string): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      // A connection of its own (no agent): a feed is one long answer, never a pooled socket.
      const request = http.get(url, { agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
      const client = new SseClient(request);
      request.once('error', reject);
      request.once('response', (answer) => {
        if (answer.statusCode !== 200) return reject(new Error(`The feed answered ${answer.statusCode}`));
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => client.read(chunk));
        resolve(client);
      });
    });
  }

  close(): void {
    this.request.destroy();
  }

  private read(chunk: string): void {
    const now = performance.now();
    const messages = (this.pending + chunk).split('\n\n');
    this.pending = messages.pop() as string;
    if (!this.recording) return;
    for (const message of messages) {
      if (message.startsWith('id: ')) this.arrivals.push([message.slice(4, message.indexOf('\n')), now]);
    }
  }
}
