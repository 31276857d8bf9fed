"""What the bench scripts share about the servers they start."""

import subprocess


def stop(process, timeout=20):
    """Ask a server to stop (SIGTERM: gunicorn finishes its requests), kill it if it will not."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
