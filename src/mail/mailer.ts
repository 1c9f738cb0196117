import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The message's language (Content-Language). */
  language: string;
}

/**
 * Sends e-mail by SMTP (nodemailer) with the settings of SMTP_URL and SMTP_FROM. Off (`enabled` false)
 * when SMTP_URL is empty. Messages are built from our own text only: no `raw`, file or URL content.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(private readonly config: AppConfig) {
    const smtp = config.smtp;
    this.transport = smtp.url
      ? nodemailer.createTransport(
          { url: smtp.url, connectionTimeout: smtp.timeoutMs, greetingTimeout: smtp.timeoutMs, socketTimeout: smtp.timeoutMs, disableFileAccess: true, disableUrlAccess: true },
          { from: smtp.from },
        )
      : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) throw new Error('SMTP is not configured (SMTP_URL)');
    await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'Content-Language': message.language },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
