"""`make_celery` (`app/iris_engine/tasker/celery.py`): every task runs inside the Flask application
context, pushed on the worker's thread for the task's duration."""

from celery import Celery


def make_celery(app):
    celery = Celery(app.import_name, config_source=app.config.get("CELERY"))

    class ContextTask(celery.Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery.Task = ContextTask
    return celery
