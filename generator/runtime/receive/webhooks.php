<?php
/**
 * salesman-events drop-in developer/webhooks.php (PHP 7.4+): replaces SalesMan's own hop 2.
 *
 * SalesMan's events.php POSTs every event here (hop 1). This file forwards the request, as it came, to the
 * salesman-events relay, which commits it to a durable outbox and delivers it to every subscription: signed,
 * retried, with a dead letter. The CRM user's session id (`ses`) is removed first: it never leaves the CRM.
 * When the relay can't be reached (or does not acknowledge), the request is appended to a local spool file, so
 * nothing is lost while the relay is down; `salesman-events relay import-spool FILE` takes the spool in later
 * (each line carries an id, so importing twice relays once).
 *
 * Install: copy over SalesMan's developer/webhooks.php (keep the original) and set the three settings below, or
 * the SALESMAN_RELAY_URL, SALESMAN_RELAY_TOKEN and SALESMAN_RELAY_SPOOL environment variables.
 */

declare(strict_types=1);

/** The relay's URL (salesman-events relay --host … --port …). */
const RELAY_URL = 'http://127.0.0.1:8787/';
/** The relay's token (salesman-events relay --token …): sent as an Authorization header. */
const RELAY_TOKEN = '';
/** Where requests wait while the relay is unreachable; the web server's user must be able to append to it. */
const RELAY_SPOOL = __DIR__ . '/../files/salesman-events-spool.jsonl';
/** Seconds to wait for the relay: the CRM user's request waits as long (hop 1 gives up after 5 s). */
const RELAY_TIMEOUT = 2;

/** A setting: its environment variable if set, else the constant. */
function relay_setting(string $variable, string $default): string
{
    $value = getenv($variable);
    return is_string($value) && $value !== '' ? $value : $default;
}

/** A form body or query string without its `ses` pairs (`ses`, `ses[…]`); every other pair kept byte for byte. */
function without_session(string $form): string
{
    if ($form === '') {
        return '';
    }
    $kept = [];
    foreach (explode('&', $form) as $pair) {
        $name = urldecode(explode('=', $pair, 2)[0]);
        if (trim(explode('[', $name, 2)[0]) !== 'ses') {
            $kept[] = $pair;
        }
    }
    return implode('&', $kept);
}

/** The request's body, `ses` removed from a form (a JSON body from hop 2 has none: SalesMan drops it there). */
function request_body(string $contentType): string
{
    $body = (string) file_get_contents('php://input');  // raw: PHP's max_input_vars never cuts a big import here
    return stripos($contentType, 'application/x-www-form-urlencoded') === 0 ? without_session($body) : $body;
}

/**
 * POST the request to the relay once.
 *
 * @return array{0: int, 1: string} the relay's status (0 when it could not be reached) and its answer
 */
function forward(string $url, string $token, string $id, string $contentType, string $body): array
{
    $curl = curl_init($url);
    curl_setopt_array($curl, [
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => $body,
        CURLOPT_HTTPHEADER => [
            'Content-Type: ' . $contentType,
            'Authorization: Bearer ' . $token,
            'Webhook-Id: ' . $id,
            'Expect:',
        ],
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_CONNECTTIMEOUT => RELAY_TIMEOUT,
        CURLOPT_TIMEOUT => RELAY_TIMEOUT,
        CURLOPT_FOLLOWLOCATION => false,
    ]);
    $answer = curl_exec($curl);
    $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    curl_close($curl);
    return [$status, is_string($answer) ? $answer : ''];
}

/** Append the request to the spool, one JSON line, under an exclusive lock; false if it could not be written. */
function spool(string $path, string $id, string $contentType, string $query, string $body): bool
{
    $entry = ['id' => $id, 'time' => time(), 'content_type' => $contentType, 'query' => $query,
        'body' => base64_encode($body)];
    $line = json_encode($entry, JSON_UNESCAPED_SLASHES) . "\n";
    return @file_put_contents($path, $line, FILE_APPEND | LOCK_EX) === strlen($line);
}

function answer(int $status, array $content): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($content, JSON_UNESCAPED_SLASHES);
}

$relayUrl = relay_setting('SALESMAN_RELAY_URL', RELAY_URL);
$relayToken = relay_setting('SALESMAN_RELAY_TOKEN', RELAY_TOKEN);
$spoolPath = relay_setting('SALESMAN_RELAY_SPOOL', RELAY_SPOOL);
$contentType = (string) ($_SERVER['CONTENT_TYPE'] ?? 'application/x-www-form-urlencoded');
$query = without_session((string) ($_SERVER['QUERY_STRING'] ?? ''));
$body = request_body($contentType);
$id = 'relay_' . bin2hex(random_bytes(16));
$target = $relayUrl . ($query === '' ? '' : (strpos($relayUrl, '?') === false ? '?' : '&') . $query);

[$status, $relayed] = forward($target, $relayToken, $id, $contentType, $body);
if ($status >= 200 && $status < 300) {
    http_response_code($status);
    header('Content-Type: application/json');
    echo $relayed;
} elseif (spool($spoolPath, $id, $contentType, $query, $body)) {
    error_log("salesman-events: relay answered $status; request $id spooled");
    answer(202, ['ok' => true, 'spooled' => true, 'id' => $id]);
} else {
    error_log("salesman-events: relay answered $status and the spool $spoolPath is not writable; request $id lost");
    answer(503, ['error' => 'relay_unavailable', 'detail' => 'the relay is unreachable and the spool not writable']);
}
