"""Copies a package and renames the identifier `async` to `async_` in its Python files, nothing else.

kafka-python 1.3.3 names a parameter and an attribute `async`, a keyword since Python 3.7, so it
cannot be imported by a current Python. Only NAME tokens are renamed, at their exact positions:
comments, strings and every other byte stay as they were. Prints one JSON line: the files and
places changed.

    rename_async.py SOURCE_PACKAGE_DIR DEST_DIR
"""
import io
import json
import os
import shutil
import sys
import tokenize


def rename(source):
    lines = source.splitlines(keepends=True)
    spots = [t.start for t in tokenize.generate_tokens(io.StringIO(source).readline)
             if t.type == tokenize.NAME and t.string == 'async']
    for row, col in reversed(spots):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + 'async_' + line[col + len('async'):]
    return ''.join(lines), len(spots)


def main():
    src, dest = sys.argv[1], sys.argv[2]
    target = os.path.join(dest, os.path.basename(src.rstrip('/')))
    shutil.copytree(src, target, ignore=shutil.ignore_patterns('__pycache__'))
    changed = {}
    for root, _, files in os.walk(target):
        for name in files:
            if not name.endswith('.py'):
                continue
            path = os.path.join(root, name)
            with open(path, encoding='utf-8') as f:
                text, count = rename(f.read())
            if count:
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(text)
                changed[os.path.relpath(path, dest)] = count
    print(json.dumps({'files': changed, 'places': sum(changed.values())}))


main()
