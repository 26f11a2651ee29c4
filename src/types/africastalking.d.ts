/**
 * Local declarations for the parts of `africastalking@0.8.3` we use (the package ships none, and
 * `@types/africastalking@0.6.2` is wrong for 0.8). Checked against lib/index.js, lib/sms.js and
 * lib/common.js of 0.8.3; re-check them on any upgrade.
 */
declare module 'africastalking' {
  namespace africastalking {
    interface ClientOptions {
      username: string;
      apiKey: string;
      format?: 'json' | 'xml';
    }

    interface SmsSendOptions {
      /** International format (`+…` or `00…`); an array is comma-joined into one request. */
      to: string | string[];
      message: string;
      from?: string;
      senderId?: string;
      enqueue?: boolean;
    }

    interface SmsRecipient {
      statusCode: number;
      number: string;
      status: string;
      cost: string;
      messageId: string;
      messageParts?: number;
    }

    interface SmsSendResponse {
      SMSMessageData: { Message: string; Recipients: SmsRecipient[] };
    }

    interface Sms {
      /**
       * Resolves only on HTTP 201. Rejects with an AxiosError for a non-2xx answer or a network error, with
       * the raw response body (not an Error) for another 2xx, and with an Error when validation fails.
       */
      send(options: SmsSendOptions): Promise<SmsSendResponse>;
    }

    interface Client {
      SMS: Sms;
    }
  }

  function africastalking(options: africastalking.ClientOptions): africastalking.Client;
  export = africastalking;
}

declare module 'africastalking/lib/common' {
  /**
   * The SDK's service URLs: plain, mutable module exports read at request time. Constructing a client
   * with username `sandbox` rewrites them for the whole process.
   */
  const common: {
    BASE_URL: string;
    SMS_URL: string;
    CONTENT_URL: string;
    VOICE_URL: string;
    enableSandbox(): void;
  };
  export = common;
}
