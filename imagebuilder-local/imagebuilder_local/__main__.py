"""``python -m imagebuilder_local``: run the local Image Builder service.

Prints the endpoint URL on one line once listening, then serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from .auth import TEST_ACCESS_KEY, TEST_SECRET_KEY
from .catalog_documents import CatalogError
from .models import DEFAULT_BUILD_MINUTES
from .server import DEFAULT_OTHER_REGIONS, DEFAULT_TIME_SCALE, ImageBuilderService


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m imagebuilder_local",
                                     description="Local EC2 Image Builder service.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--time-scale", type=float, default=DEFAULT_TIME_SCALE,
                        help="real seconds per modeled second (default %(default)s: a 45-minute build takes ~7 s)")
    parser.add_argument("--build-minutes", type=float, default=DEFAULT_BUILD_MINUTES,
                        help="modeled duration of a build")
    parser.add_argument("--auth", choices=("sigv4", "none"), default="sigv4")
    parser.add_argument("--access-key", default=TEST_ACCESS_KEY)
    parser.add_argument("--secret-key", default=TEST_SECRET_KEY)
    parser.add_argument("--session-token", help="make --access-key/--secret-key temporary credentials with this token")
    parser.add_argument("--any-signing-region", action="store_true",
                        help="accept requests signed for any region, each served from its first request "
                             "(default: only --region and --regions, as AWS)")
    parser.add_argument("--catalog", action="append", default=[], metavar="FILE",
                        help="extra catalog JSON (repeatable)")
    parser.add_argument("--state-file", metavar="FILE", help="keep state across restarts in this JSON file")
    parser.add_argument("--region", default="us-east-1", help="the default region (the admin API's)")
    parser.add_argument("--regions", default=",".join(DEFAULT_OTHER_REGIONS), metavar="LIST",
                        help="the other regions served, comma-separated, each with the catalogs "
                             "(default: %(default)s; empty for none)")
    parser.add_argument("--account", default="123456789012")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run until SIGTERM/SIGINT; returns the exit status."""
    args = parse_args(argv)
    if args.time_scale <= 0:
        print("--time-scale must be positive", file=sys.stderr)
        return 2
    try:
        catalogs = []
        for path in args.catalog:
            with open(path, encoding="utf-8") as fh:
                catalogs.append(json.load(fh))
        service = ImageBuilderService(
            host=args.host, port=args.port, region=args.region, account=args.account,
            time_scale=args.time_scale, build_minutes=args.build_minutes, auth=args.auth,
            credentials={args.access_key: args.secret_key},
            session_tokens={args.access_key: args.session_token} if args.session_token else None,
            check_signing_region=not args.any_signing_region, catalogs=catalogs, state_file=args.state_file,
            regions=[name.strip() for name in args.regions.split(",") if name.strip()])
    except (OSError, ValueError, CatalogError) as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    service.start()
    print(service.endpoint_url, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
