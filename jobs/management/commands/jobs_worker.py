"""The portal's background worker: django-tasks-db's ``db_worker`` that survives its database.

On top of ``db_worker`` it runs the sweeper (``jobs.sweeper``) in a thread, and a database that
goes away — restarted, a connection cut — makes it wait and try again instead of exiting: the
loop that takes the next task from the queue, and the recording of a finished task's result in
the queue, both run on the database. Task bodies are guarded by ``jobs.runner.run``.
"""

import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("jobs.worker")


class Worker(db_worker.Worker):
    def run(self) -> None:
        from jobs.sweeper import Sweeper

        sweeper = Sweeper()
        sweeper.start()
        pause = 1.0
        try:
            while self.running:
                try:
                    return super().run()
                except DatabaseError:
                    logger.warning("数据库暂时无法连接，%.0f 秒后重试。", pause)
                    connections.close_all()
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
        finally:
            sweeper.stop()

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError:  # the task ran; only its entry in the queue could not be updated
            logger.warning("queue entry %s not updated: database unavailable", db_task_result.id)
            connections.close_all()


class Command(db_worker.Command):
    help = "运行后台任务进程（大批量导出、导入、PDF 打包），并清理中断的任务；数据库断开时等待重连而不退出。"

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = Worker  # db_worker.Command builds its worker by this module-level name
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
