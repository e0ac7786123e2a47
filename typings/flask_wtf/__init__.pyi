# Types for the parts of Flask-WTF this project uses: Flask-WTF ships none (no py.typed, no
# published stubs), and FlaskForm's untyped __init__ would make every form an untyped call.
# Add what a new import needs; the signatures follow Flask-WTF 1.2/1.3.

from flask_wtf.csrf import CSRFProtect as CSRFProtect
from flask_wtf.form import FlaskForm as FlaskForm
